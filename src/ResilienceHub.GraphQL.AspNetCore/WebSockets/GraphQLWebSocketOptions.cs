using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.WebSockets;

/// <summary>
/// Settings for graphql-transport-ws connections at a <c>MapGraphQL</c> endpoint. Each is checked when
/// <c>MapGraphQL</c> is called: a zero or negative limit or interval is an <see cref="ArgumentOutOfRangeException"/>.
/// Besides the protocol's own close codes, the server closes a socket with:
/// <list type="bullet">
/// <item>1000 (normal closure) after <see cref="IdleTimeout"/> without a running operation: nothing is lost; a lazy
/// graphql-ws client (the default) reconnects when it next has something to run, a non-lazy one at once;</item>
/// <item>1008 (policy violation) when a subscriber falls <see cref="MaxPendingEvents"/> events behind: rather than
/// dropping events unseen, the stream ends visibly, and graphql-ws does not reconnect silently but reports the
/// close to every subscriber, which can fetch afresh what it missed;</item>
/// <item>1013 (try again later) when an identity already has <see cref="MaxConnectionsPerIdentity"/> connections:
/// graphql-ws retries it with back-off (4429, the obvious code, means too many initialisation requests here);</item>
/// <item>4403 (forbidden: credentials expired) when <see cref="CredentialsExpireAt"/> passes: graphql-ws retries
/// 4403, asking its connectionParams again, which is how a browser comes back with a fresh token.</item>
/// </list>
/// When the server closes a socket, every operation on it is cancelled at once.
/// </summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>The <c>extensions.code</c> of the <c>error</c> message for an operation past an operation limit.</summary>
    public const string TooManyOperationsCode = "TOO_MANY_OPERATIONS";

    /// <summary>How long a client has to send <c>connection_init</c> before the socket is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Decides who the connection acts for, from the upgrade request and the <c>connection_init</c>
    /// payload; null refuses the connection (4403). By default the upgrade request's user is kept.
    /// </summary>
    public Func<HttpContext, IReadOnlyDictionary<string, object?>?, ValueTask<ClaimsPrincipal?>>? AuthenticateConnection { get; set; }

    /// <summary>
    /// Called for every <c>subscribe</c> message before anything runs, with the connection's HttpContext (its user is
    /// the one the connection acts for): a per-identity rate limit, say. A non-null error is sent as that operation's
    /// <c>error</c> message, its <c>extensions.code</c> kept; nothing runs and the connection stays open.
    /// </summary>
    public Func<HttpContext, ValueTask<ExecutionError?>>? AdmitOperation { get; set; }

    /// <summary>Largest message accepted, in bytes; larger ones close the socket with 1009.</summary>
    public int MaxMessageSize { get; set; } = 100 * 1024;

    /// <summary>Most operations one connection may run at once; more get an <c>error</c> message (<see cref="TooManyOperationsCode"/>).</summary>
    public int MaxOperationsPerConnection { get; set; } = 100;

    /// <summary>
    /// When the credentials of the user a connection acts for expire, asked once the connection is initialised (for
    /// the user <see cref="AuthenticateConnection"/> returned, else the upgrade request's); null for never. When that
    /// instant passes, every operation is cancelled and the socket is closed with 4403. Measured on the
    /// <see cref="TimeProvider"/> registered in the services, else the system clock.
    /// </summary>
    public Func<ClaimsPrincipal, DateTimeOffset?>? CredentialsExpireAt { get; set; }

    /// <summary>
    /// Who counts as one identity for <see cref="MaxConnectionsPerIdentity"/> and <see cref="MaxOperationsPerIdentity"/>,
    /// asked once the connection is initialised. By default the signed-in user's name, else the remote address
    /// (behind a proxy that every anonymous caller shares, they share one identity).
    /// </summary>
    public Func<HttpContext, string>? IdentityKey { get; set; }

    /// <summary>Most connections one identity may hold on this endpoint; another is closed after <c>connection_init</c> with 1013.</summary>
    public int MaxConnectionsPerIdentity { get; set; } = 16;

    /// <summary>
    /// Most operations one identity may run at once across all its connections on this endpoint; more get an
    /// <c>error</c> message (<see cref="TooManyOperationsCode"/>).
    /// </summary>
    public int MaxOperationsPerIdentity { get; set; } = 200;

    /// <summary>
    /// How long a connection may go without a running operation before it is closed with 1000; null for ever.
    /// Measured on the same clock as <see cref="CredentialsExpireAt"/>.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most source events one subscription may have waiting to be executed and sent; a subscriber that falls further
    /// behind has its socket closed with 1008, so that memory stays bounded and no event is dropped unseen.
    /// </summary>
    public int MaxPendingEvents { get; set; } = 1_000;

    internal void Validate()
    {
        ValidateInterval(ConnectionInitTimeout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOperationsPerConnection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnectionsPerIdentity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOperationsPerIdentity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPendingEvents);
        if (IdleTimeout is { } idle)
        {
            ValidateInterval(idle, nameof(IdleTimeout));
        }
    }

    /// <summary>The default <see cref="IdentityKey"/>: the signed-in user's name, else the remote address.</summary>
    internal static string DefaultIdentityKey(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? "user:" + name : "address:" + http.Connection.RemoteIpAddress;

    // Timers take at most int.MaxValue milliseconds (24.8 days); a longer interval is a mistake, not a wish.
    internal static void ValidateInterval(TimeSpan interval, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(interval))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, TimeSpan.FromMilliseconds(int.MaxValue), name);
    }
}
