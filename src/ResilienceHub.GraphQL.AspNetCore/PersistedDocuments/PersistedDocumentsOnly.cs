using GraphQL;
using GraphQL.DI;

namespace ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

/// <summary>
/// Runs only registered documents: one named by its <c>documentId</c>, or sent as exactly the text registered (as a
/// graphql-ws client must, whose subscribe message always carries the text). Anything else is refused with
/// <see cref="PersistedDocumentError.IdRequired"/> and nothing runs.
/// </summary>
internal sealed class PersistedDocumentsOnly(IPersistedDocumentStore store) : IConfigureExecution
{
    // Inside the document cache (300), so that a refused write is parsed and the app's audit of refused writes sees what it was.
    public float SortOrder => 350;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Query is not { } query
            || await store.FindAsync(PersistedDocumentId.Of(query), options.CancellationToken).ConfigureAwait(false) is not { } registered
            || !string.Equals(registered, query, StringComparison.Ordinal))
        {
            return new ExecutionResult(PersistedDocumentError.Required());
        }

        return await next(options).ConfigureAwait(false);
    }
}
