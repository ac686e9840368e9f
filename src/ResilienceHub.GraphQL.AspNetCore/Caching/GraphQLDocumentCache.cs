using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ResilienceHub.GraphQL.AspNetCore.Limits;

namespace ResilienceHub.GraphQL.AspNetCore.Caching;

/// <summary>
/// Keeps parsed documents by query text so a repeated query is not parsed again. Only
/// documents that passed validation are kept; validation itself still runs on every request
/// because its outcome depends on variables, the user and per-request rules. A query that does
/// not parse is answered here, without executing: a syntax error as GraphQL.NET reports it, a
/// document nested deeper than the parser allows with <see cref="DocumentLimitError.MaxDepthExceeded"/>.
/// </summary>
public sealed partial class GraphQLDocumentCache : IConfigureExecution, IDisposable
{
    // GraphQLParser's own default, for a document builder that does not say.
    private const int ParserDefaultMaxDepth = 128;

    private readonly IDocumentBuilder _documentBuilder;
    private readonly MemoryCache _documents;
    private readonly ILogger _logger;

    public GraphQLDocumentCache(IDocumentBuilder documentBuilder, int maxDocuments, ILogger<GraphQLDocumentCache>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(documentBuilder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDocuments);
        _documentBuilder = documentBuilder;
        _documents = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxDocuments });
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    // Innermost but for the document limits, after anything (such as persisted documents) that fills in the query text.
    public float SortOrder => 300;

    /// <summary>
    /// The cached document for <paramref name="query"/>, else a fresh parse (not yet cached),
    /// else <see langword="null"/> when it does not parse.
    /// </summary>
    public GraphQLDocument? GetOrParse(string query) => GetOrParse(query, out _);

    /// <inheritdoc cref="GetOrParse(string)"/>
    /// <param name="query">The query text.</param>
    /// <param name="error">Why it does not parse, as the client is told.</param>
    public GraphQLDocument? GetOrParse(string query, out ExecutionError? error)
    {
        error = null;
        if (_documents.TryGetValue(query, out GraphQLDocument? cached))
        {
            return cached;
        }
        try
        {
            return _documentBuilder.Build(query);
        }
        catch (ExecutionError syntaxError)
        {
            error = syntaxError;
        }
        catch (GraphQLMaxDepthExceededException)
        {
            // Not a syntax error, so GraphQL.NET would report it as an unhandled exception, stack trace and all.
            var maxDepth = _documentBuilder is GraphQLDocumentBuilder builder ? builder.MaxDepth ?? ParserDefaultMaxDepth : (int?)null;
            error = new DocumentLimitError(DocumentLimitError.MaxDepthExceeded,
                $"The document nests deeper than the parser allows{(maxDepth is null ? "" : $" ({maxDepth} levels of syntax)")}. Ask for less deeply nested data.",
                measured: null, maxDepth);
        }
        catch (GraphQLSyntaxErrorException syntaxError)
        {
            // From a document builder that does not wrap the parser's exception as GraphQLDocumentBuilder does.
            error = new SyntaxError(syntaxError);
        }
        return null;
    }

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Query is not { } query)
        {
            return await next(options).ConfigureAwait(false);
        }

        // A document set by the caller is trusted to be the parse of Query, as DocumentExecuter trusts it.
        if (options.Document is null)
        {
            options.Document = GetOrParse(query, out var error);
            if (error is not null)
            {
                if (error is DocumentLimitError refusal)
                {
                    LogTooDeep(_logger, refusal.Code!, refusal.Limit);
                }
                return new ExecutionResult(error);
            }
        }
        var result = await next(options).ConfigureAwait(false);

        if (result.Executed && options.Document is { } document && !_documents.TryGetValue(query, out _))
        {
            _documents.Set(query, document, new MemoryCacheEntryOptions { Size = 1 });
        }
        return result;
    }

    public void Dispose() => _documents.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL document refused with {Code}: it nests deeper than the parser's limit of {Limit}")]
    private static partial void LogTooDeep(ILogger logger, string code, int? limit);
}
