using System.Security.Cryptography;
using System.Text;

namespace ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

/// <summary>The SHA256 hex document identifier: <c>sha256:</c> and the lower-case hex SHA-256 of the document's UTF-8 text, exactly as sent.</summary>
public static class PersistedDocumentId
{
    public const string Sha256Prefix = "sha256:";

    public static string Of(string document) =>
        Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));
}
