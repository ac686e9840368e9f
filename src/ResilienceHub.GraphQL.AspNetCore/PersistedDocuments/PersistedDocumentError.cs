using GraphQL;

namespace ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

/// <summary>A request refused for the document it named, or for not naming one; <see cref="ExecutionError.Code"/> says which.</summary>
public sealed class PersistedDocumentError : ExecutionError
{
    /// <summary>No document is registered under the <c>documentId</c> sent.</summary>
    public const string NotFound = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>Only registered documents run here, and the text sent is not one of them.</summary>
    public const string IdRequired = "PERSISTED_QUERY_ID_REQUIRED";

    public PersistedDocumentError(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public static PersistedDocumentError Unknown(string documentId) =>
        new(NotFound, $"No document is registered as '{Shorten(documentId)}'. Send the id of a registered document.");

    public static PersistedDocumentError Required() =>
        new(IdRequired, "Only registered documents run here: send the documentId of one instead of the document's text.");

    // An id is echoed to help the client, never at the length a hostile one could reach.
    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
