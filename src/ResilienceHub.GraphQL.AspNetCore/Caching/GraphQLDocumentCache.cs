using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;

namespace ResilienceHub.GraphQL.AspNetCore.Caching;

/// <summary>
/// Keeps parsed documents by query text so a repeated query is not parsed again. Only
/// documents that passed validation are kept; validation itself still runs on every request
/// because its outcome depends on variables, the user and per-request rules.
/// </summary>
public sealed class GraphQLDocumentCache : IConfigureExecution, IDisposable
{
    private readonly IDocumentBuilder _documentBuilder;
    private readonly MemoryCache _documents;

    public GraphQLDocumentCache(IDocumentBuilder documentBuilder, int maxDocuments)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDocuments);
        _documentBuilder = documentBuilder;
        _documents = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxDocuments });
    }

    // Innermost, after anything (such as persisted documents) that fills in the query text.
    public float SortOrder => 300;

    /// <summary>
    /// The cached document for <paramref name="query"/>, else a fresh parse (not yet cached),
    /// else <see langword="null"/> when it does not parse.
    /// </summary>
    public GraphQLDocument? GetOrParse(string query)
    {
        if (_documents.TryGetValue(query, out GraphQLDocument? cached))
        {
            return cached;
        }
        try
        {
            return _documentBuilder.Build(query);
        }
        catch (Exception exception) when (exception is ExecutionError or GraphQLParserException)
        {
            // Leave it to the executer, which reports syntax errors in the usual shape.
            return null;
        }
    }

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Query is not { } query)
        {
            return await next(options).ConfigureAwait(false);
        }

        // A document set by the caller is trusted to be the parse of Query, as DocumentExecuter trusts it.
        options.Document ??= GetOrParse(query);
        var result = await next(options).ConfigureAwait(false);

        if (result.Executed && options.Document is { } document && !_documents.TryGetValue(query, out _))
        {
            _documents.Set(query, document, new MemoryCacheEntryOptions { Size = 1 });
        }
        return result;
    }

    public void Dispose() => _documents.Dispose();
}
