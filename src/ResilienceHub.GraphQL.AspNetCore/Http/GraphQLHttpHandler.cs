using System.Buffers;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Authorization;
using ResilienceHub.GraphQL.AspNetCore.Caching;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Errors;
using ResilienceHub.GraphQL.AspNetCore.Execution;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;
using ResilienceHub.GraphQL.AspNetCore.Sharing;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

namespace ResilienceHub.GraphQL.AspNetCore.Http;

/// <summary>Serves one GraphQL endpoint per the GraphQL over HTTP specification.</summary>
/// <param name="options">The endpoint's settings.</param>
/// <param name="time">The clock of the WebSocket's expiry and idle timeout.</param>
internal sealed class GraphQLHttpHandler<TSchema>(GraphQLHttpOptions options, TimeProvider time) where TSchema : ISchema
{
    /// <summary>Connections and operations per identity across this endpoint's sockets.</summary>
    public WebSocketIdentities WebSocketIdentities { get; } = new();

    public async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        if (http.WebSockets.IsWebSocketRequest)
        {
            await HandleWebSocketAsync(http).ConfigureAwait(false);
            return;
        }

        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            await RejectAsync(http, serializer, GraphQLMediaTypes.Json, new(StatusCodes.Status405MethodNotAllowed,
                "GraphQL requests must use GET or POST."), allow: "GET, POST").ConfigureAwait(false);
            return;
        }

        if (GraphQLMediaTypes.Negotiate(http.Request.Headers.Accept) is not { } mediaType)
        {
            await RejectAsync(http, serializer, GraphQLMediaTypes.Json, new(StatusCodes.Status406NotAcceptable,
                $"Accept must allow {GraphQLMediaTypes.GraphQLResponse} or {GraphQLMediaTypes.Json}.")).ConfigureAwait(false);
            return;
        }

        var (request, rejection) = isGet
            ? GraphQLHttpRequestReader.ReadGet(http.Request.Query, serializer)
            : await GraphQLHttpRequestReader.ReadPostAsync(http.Request, options.MaxRequestBodySize, serializer).ConfigureAwait(false);
        if (rejection is not null)
        {
            await RejectAsync(http, serializer, mediaType, rejection).ConfigureAwait(false);
            return;
        }

        if (request!.DocumentId is { } documentId)
        {
            // A persisted document request becomes the request of the document it names, which everything after reads.
            if (services.GetService<IPersistedDocumentStore>() is not { } store)
            {
                await RejectAsync(http, serializer, mediaType, new(StatusCodes.Status400BadRequest,
                    "This endpoint takes no persisted documents: send the document's text as 'query'.")).ConfigureAwait(false);
                return;
            }

            if (await store.FindAsync(documentId, http.RequestAborted).ConfigureAwait(false) is not { } registered)
            {
                await AnswerAsync(http, serializer, mediaType, isQuery: false, new ExecutionResult(PersistedDocumentError.Unknown(documentId))).ConfigureAwait(false);
                return;
            }

            request = request with { Query = registered, DocumentId = null };
        }

        // Parsed here (once, through the cache) because GET must be refused before a mutation runs.
        var document = services.GetRequiredService<GraphQLDocumentCache>().GetOrParse(request.Query!);
        var operation = document is null ? null : FindOperation(document, request.OperationName);
        if (isGet && operation?.Operation == OperationType.Mutation)
        {
            await RejectAsync(http, serializer, mediaType, new(StatusCodes.Status405MethodNotAllowed,
                "Mutations must use POST."), allow: "POST").ConfigureAwait(false);
            return;
        }

        if (operation?.Operation == OperationType.Query && services.GetService<IAnswerSharing>() is { } sharing && sharing.AudienceOf(http) is { } audience)
        {
            await AnswerSharedAsync(http, serializer, mediaType, request, document, sharing, audience).ConfigureAwait(false);
            return;
        }

        var result = operation?.Operation == OperationType.Subscription
            ? new ExecutionResult(new ExecutionError("Subscriptions are not supported over HTTP; use a WebSocket."))
            : await ExecuteAsync(http, request, document).ConfigureAwait(false);
        await AnswerAsync(http, serializer, mediaType, operation?.Operation == OperationType.Query, result).ConfigureAwait(false);
    }

    /// <summary>
    /// A query callers may share: from its second asking, the answer kept for the same request and audience while the
    /// data version is the same and its lifetime has not run out; else the one of an execution of it for the audience,
    /// from data at least as new as when this request arrived (<see cref="SharedAnswers.AnswerAsync"/>).
    /// </summary>
    private async Task AnswerSharedAsync(
        HttpContext http, IGraphQLTextSerializer serializer, string mediaType, GraphQLHttpRequest request, GraphQLDocument? document,
        IAnswerSharing sharing, string audience)
    {
        var answers = http.RequestServices.GetRequiredService<SharedAnswers>();
        var key = SharedAnswers.KeyOf(request, audience, serializer);
        if (!answers.Knows(key))
        {
            // Asked for the first time: executed as any request, and remembered if its answer could have been shared.
            var first = await ExecuteAsync(http, request, document).ConfigureAwait(false);
            if (SharedAnswers.MayShare(http.RequestServices, first))
            {
                answers.Saw(key);
            }

            await AnswerAsync(http, serializer, mediaType, isQuery: true, first).ConfigureAwait(false);
            return;
        }

        var (shared, own) = await answers.AnswerAsync(
            key, sharing, http.RequestServices, serializer, time, () => ExecuteAsync(http, request, document), http.RequestAborted).ConfigureAwait(false);

        if (shared is not null)
        {
            await WriteValidatedAsync(http, mediaType, shared).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(http, serializer, mediaType, isQuery: true, own ?? await ExecuteAsync(http, request, document).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The result as the spec says, with a query's answer that ran written with its ETag.</summary>
    private async Task AnswerAsync(HttpContext http, IGraphQLTextSerializer serializer, string mediaType, bool isQuery, ExecutionResult result)
    {
        if (NeedsSignIn(http, result))
        {
            await ChallengeAsync(http).ConfigureAwait(false);
            await WriteAsync(http, serializer, mediaType, StatusCodes.Status401Unauthorized, result).ConfigureAwait(false);
            return;
        }

        var status = StatusCodeFor(result, mediaType);
        if (!isQuery || !result.Executed || status != StatusCodes.Status200OK)
        {
            await WriteAsync(http, serializer, mediaType, status, result).ConfigureAwait(false);
            return;
        }

        var (body, tag) = await AnswerBytes.SerializeAsync(serializer, result, http.RequestAborted).ConfigureAwait(false);
        using (body)
        {
            await WriteValidatedAsync(http, mediaType, body.GetReadOnlySequence(), tag).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A query's answer with its ETag, a hash of its bytes; 304 and no body when the client already holds those bytes
    /// (RFC 9110 §13.1.2: weak comparison, any of a list, or <c>*</c>).
    /// A shared answer is sent gzipped to a client that accepts it: compressed once, the first time one asks, and kept.
    /// </summary>
    private Task WriteValidatedAsync(HttpContext http, string mediaType, SharedAnswer answer)
    {
        if (!answer.Compressible || !AcceptsGzip(http.Request))
        {
            return WriteValidatedAsync(http, mediaType, new ReadOnlySequence<byte>(answer.Bytes), answer.ETag);
        }

        http.Response.Headers.ContentEncoding = "gzip";
        return WriteValidatedAsync(http, mediaType, new ReadOnlySequence<byte>(answer.Gzipped), answer.ETag, "-gzip");
    }

    private async Task WriteValidatedAsync(HttpContext http, string mediaType, ReadOnlySequence<byte> bytes, string etag, string encoding = "")
    {
        // The same bytes as application/json, or gzipped, are another representation, so another tag (RFC 9110
        // §8.8.3); the media type is chosen by Accept and the coding by Accept-Encoding.
        var tag = new EntityTagHeaderValue(etag.Insert(etag.Length - 1, (mediaType == GraphQLMediaTypes.Json ? "-json" : "") + encoding));
        http.Response.GetTypedHeaders().ETag = tag;
        http.Response.Headers.Vary = new StringValues([HeaderNames.Accept, HeaderNames.AcceptEncoding]);
        if (options.QueryCacheControl is { } cacheControl)
        {
            http.Response.Headers.CacheControl = cacheControl;
        }

        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(held => held.Equals(EntityTagHeaderValue.Any) || held.Compare(tag, useStrongComparison: false)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        foreach (var block in bytes)
        {
            await http.Response.Body.WriteAsync(block, http.RequestAborted).ConfigureAwait(false);
        }
    }

    // gzip named with a weight above zero, or not named and * so (RFC 9110 §12.5.3).
    private static bool AcceptsGzip(HttpRequest request)
    {
        var codings = request.GetTypedHeaders().AcceptEncoding;
        var gzip = codings.FirstOrDefault(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase));
        var accepted = gzip ?? codings.FirstOrDefault(c => c.Value.Equals("*", StringComparison.Ordinal));
        return accepted is not null && accepted.Quality is not 0;
    }

    private async Task HandleWebSocketAsync(HttpContext http)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ResilienceHub.GraphQL.AspNetCore.WebSockets");
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketConnection<TSchema>.SubProtocol))
        {
            // graphql-ws's own server accepts, then closes with 4406, so the client learns why.
            using var refused = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await refused.CloseAsync(CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(GraphQLWebSocketConnection<TSchema>.SubProtocol).ConfigureAwait(false);
        var connection = new GraphQLWebSocketConnection<TSchema>(http, socket, options, WebSocketIdentities, time, logger);
        await using (connection.ConfigureAwait(false))
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
    }

    private Task<ExecutionResult> ExecuteAsync(HttpContext http, GraphQLHttpRequest request, GraphQLDocument? document) =>
        GraphQLRequestExecution.ExecuteAsync<TSchema>(
            GraphQLRequestExecution.Build(options, http, request, document, http.RequestServices, root: null, http.RequestAborted));

    // The operation the executer will pick, or null when it will report the choice as an error.
    private static GraphQLOperationDefinition? FindOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return string.IsNullOrEmpty(operationName)
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.Value == operationName);
    }

    // Nothing ran because an anonymous caller selected something that needs a signed-in user.
    private static bool NeedsSignIn(HttpContext http, ExecutionResult result) =>
        !result.Executed && http.User.Identity?.IsAuthenticated != true
        && result.Errors?.Any(e => e.Code == AuthorizationError.NotAuthenticated) == true;

    // Lets the authentication handler add its WWW-Authenticate header (and why a token was refused).
    private static async Task ChallengeAsync(HttpContext http)
    {
        var schemes = http.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if (schemes is not null && await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is not null)
        {
            await http.ChallengeAsync().ConfigureAwait(false);
        }
    }

    // Spec §6.4: with application/json every well-formed request gets 200; with
    // application/graphql-response+json a request that never reached execution is a 4xx.
    private static int StatusCodeFor(ExecutionResult result, string mediaType) =>
        result.Executed || mediaType == GraphQLMediaTypes.Json ? StatusCodes.Status200OK
        : result.Errors?.Any(e => e is UnexpectedError) == true ? StatusCodes.Status500InternalServerError
        : StatusCodes.Status400BadRequest;

    private static Task RejectAsync(HttpContext http, IGraphQLTextSerializer serializer, string mediaType, RequestRejection rejection, string? allow = null)
    {
        if (allow is not null)
        {
            http.Response.Headers.Allow = allow;
        }
        return WriteAsync(http, serializer, mediaType, rejection.StatusCode, new ExecutionResult(new ExecutionError(rejection.Message)));
    }

    private static async Task WriteAsync(HttpContext http, IGraphQLTextSerializer serializer, string mediaType, int statusCode, ExecutionResult result)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }
}
