using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.WebSockets;

/// <summary>
/// Settings for graphql-transport-ws connections at a <c>MapGraphQL</c> endpoint. Each is checked when
/// <c>MapGraphQL</c> is called: a zero or negative limit or interval is an <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>How long a client has to send <c>connection_init</c> before the socket is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Decides who the connection acts for, from the upgrade request and the <c>connection_init</c>
    /// payload; null refuses the connection (4403). By default the upgrade request's user is kept.
    /// </summary>
    public Func<HttpContext, IReadOnlyDictionary<string, object?>?, ValueTask<ClaimsPrincipal?>>? AuthenticateConnection { get; set; }

    /// <summary>Largest message accepted, in bytes; larger ones close the socket with 1009.</summary>
    public int MaxMessageSize { get; set; } = 100 * 1024;

    /// <summary>Most operations one connection may run at once; more get an <c>error</c> message.</summary>
    public int MaxOperationsPerConnection { get; set; } = 100;

    internal void Validate()
    {
        ValidateInterval(ConnectionInitTimeout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOperationsPerConnection);
    }

    // Timers take at most int.MaxValue milliseconds (24.8 days); a longer interval is a mistake, not a wish.
    internal static void ValidateInterval(TimeSpan interval, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(interval))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, TimeSpan.FromMilliseconds(int.MaxValue), name);
    }
}
