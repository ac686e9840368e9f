using System.Collections.Frozen;
using System.Text.Json;

namespace ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

/// <summary>
/// The documents a client registered at its build, held in memory: a manifest is a JSON object of SHA256 hex document
/// identifiers to the documents' text (<c>{ "sha256:…": "query …" }</c>), each id checked against its text when read.
/// </summary>
public sealed class PersistedDocumentManifest : IPersistedDocumentStore
{
    private readonly FrozenDictionary<string, string> _documents;

    public PersistedDocumentManifest(IEnumerable<string> documents) =>
        _documents = documents.Distinct(StringComparer.Ordinal).ToFrozenDictionary(PersistedDocumentId.Of, StringComparer.Ordinal);

    /// <summary>Every registered document by its id.</summary>
    public IReadOnlyDictionary<string, string> Documents => _documents;

    public ValueTask<string?> FindAsync(string documentId, CancellationToken cancellationToken) =>
        new(_documents.GetValueOrDefault(documentId));

    /// <summary>Reads a manifest, refusing one whose ids are not the SHA-256 of their documents.</summary>
    /// <exception cref="InvalidDataException">It is not such an object, or an id does not match its document.</exception>
    public static PersistedDocumentManifest Read(Stream json)
    {
        Dictionary<string, string>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException invalid)
        {
            throw new InvalidDataException($"A persisted document manifest is a JSON object of ids to documents: {invalid.Message}", invalid);
        }

        foreach (var (id, document) in entries ?? [])
        {
            // An id that is not its text's hash would let a client be answered for a document other than the one it built with.
            if (!string.Equals(id, PersistedDocumentId.Of(document ?? ""), StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The persisted document manifest lists '{id}' for a document whose id is {PersistedDocumentId.Of(document ?? "")}.");
            }
        }

        return new PersistedDocumentManifest(entries?.Values ?? Enumerable.Empty<string>());
    }
}
