namespace ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

/// <summary>
/// Where the endpoint finds the documents clients name by <c>documentId</c> instead of sending their text (GraphQL over
/// HTTP's persisted documents). Register one to accept such requests (see
/// <see cref="GraphQLHttpBuilderExtensions.AddPersistedDocuments"/>); it must hold only documents the deployment trusts.
/// </summary>
public interface IPersistedDocumentStore
{
    /// <summary>The text of the document registered under <paramref name="documentId"/>, or null when none is.</summary>
    ValueTask<string?> FindAsync(string documentId, CancellationToken cancellationToken);
}
