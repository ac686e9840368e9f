using GraphQL;
using Microsoft.AspNetCore.Http;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

namespace ResilienceHub.GraphQL.AspNetCore;

/// <summary>Per-endpoint settings for <c>MapGraphQL</c>, checked when it is called (<see cref="ArgumentOutOfRangeException"/>).</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Largest POST body accepted, in bytes; larger requests get 413.</summary>
    public long MaxRequestBodySize { get; set; } = 100 * 1024;

    /// <summary>Builds the GraphQL user context for a request; resolvers read it as <c>context.UserContext</c>.</summary>
    public Func<HttpContext, IDictionary<string, object?>>? BuildUserContext { get; set; }

    /// <summary>
    /// Called just before execution so the app can add validation rules, listeners or limits
    /// for this request. <see cref="ExecutionOptions.Schema"/> must stay unset.
    /// </summary>
    public Action<HttpContext, ExecutionOptions>? ConfigureExecution { get; set; }

    /// <summary>How long one request may execute before it is stopped with a timeout error; unlimited when null.</summary>
    public TimeSpan? ExecutionTimeout { get; set; }

    /// <summary>
    /// The <c>Cache-Control</c> of the answer of a query that ran, which carries an <c>ETag</c> (a hash of its bytes) so that a client
    /// sending it back in <c>If-None-Match</c> is answered <c>304 Not Modified</c> when nothing changed. The default lets
    /// only the caller's own browser keep the answer, and only to ask again with it; null leaves the header to the app.
    /// </summary>
    public string? QueryCacheControl { get; set; } = "private, no-cache";
    /// <summary>
    /// graphql-transport-ws on the same path (needs <c>app.UseWebSockets()</c>). The hooks above
    /// apply to every operation and every subscription event, with the connection's user.
    /// </summary>
    public GraphQLWebSocketOptions WebSockets { get; } = new();

    // At MapGraphQL, so that a mistake fails the start, not the first request.
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestBodySize);
        if (ExecutionTimeout is { } timeout)
        {
            GraphQLWebSocketOptions.ValidateInterval(timeout, nameof(ExecutionTimeout));
        }
        WebSockets.Validate();
    }
}
