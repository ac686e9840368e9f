using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;
using System.Globalization;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Authorization;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

[assembly: AssemblyFixture(typeof(ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLTestServer))]

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>
/// A real Kestrel server on a loopback port serving <see cref="TestSchema"/> at /graphql, at /graphql-small
/// with a 64-byte body limit, at /graphql-secure with the authorization rule, at /graphql-locked with the
/// rule and no anonymous introspection or __typename, and at /graphql-timeout with a 200 ms execution
/// timeout. Its WebSockets: /graphql-ws-limits has small limits (operations per connection, message size,
/// pending events), /graphql-admission admits <see cref="AdmittedOperations"/> operations per connection,
/// /graphql-caps caps connections and operations per user, and /graphql-expiry closes sockets whose credentials
/// expire (both take the user from connection_init, see <see cref="ConnectionAs"/>). Every endpoint allows at most <see cref="MaxAliases"/> aliases, depth <see cref="MaxDepth"/>
/// and complexity <see cref="MaxComplexity"/>, and applies the default document limits. Shared by every test;
/// <see cref="StartAsync"/> starts one of a test's own.
/// </summary>
public sealed class GraphQLTestServer : IAsyncLifetime
{
    public const int SmallBodyLimit = 64;

    /// <summary>The one document registered as persisted.</summary>
    public const string PersistedHello = "query Hello($name: String) { hello(name: $name) }";
    public const int MaxAliases = 5;
    public const int MaxDepth = 8;
    public const int MaxComplexity = 500;
    public const int WebSocketMaxOperationsPerConnection = 2;
    public const int WebSocketMaxMessageSize = 4 * 1024;
    public const int WebSocketMaxPendingEvents = 3;
    public const int AdmittedOperations = 2;
    public const int WebSocketMaxConnectionsPerIdentity = 2;
    public const int WebSocketMaxOperationsPerIdentity = 3;
    public static readonly TimeSpan WebSocketIdleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>What <see cref="ConnectionAs"/> puts in connection_init's payload for the user's name.</summary>
    public const string UserKey = "user";

    /// <summary>What <see cref="ConnectionAs"/> puts in the payload for when the user's credentials expire.</summary>
    public const string ExpiresKey = "expiresInSeconds";

    private readonly bool _complexityLimits;
    private readonly TimeProvider? _time;
    private WebApplication? _app;

    public GraphQLTestServer()
        : this(complexityLimits: true, time: null)
    {
    }

    private GraphQLTestServer(bool complexityLimits, TimeProvider? time)
    {
        _complexityLimits = complexityLimits;
        _time = time;
    }

    /// <summary>
    /// A server of the test's own: optionally without the complexity limits (which refuse the full introspection
    /// query), or with a clock of the test's (the WebSocket transport's expiry and idle timeout go by it).
    /// </summary>
    public static async Task<GraphQLTestServer> StartAsync(bool complexityLimits = true, TimeProvider? time = null)
    {
        var server = new GraphQLTestServer(complexityLimits, time);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>
    /// The connection_init payload of <paramref name="user"/> for the WebSocket endpoints that take the user from it
    /// (/graphql-caps and /graphql-expiry), with credentials expiring that long after the server's clock says.
    /// </summary>
    public static Dictionary<string, object?> ConnectionAs(string user, int? expiresInSeconds = null) =>
        new() { [UserKey] = user, [ExpiresKey] = expiresInSeconds };

    /// <summary>The per-identity WebSocket counts of the endpoint at <paramref name="path"/>.</summary>
    public (int Connections, int Operations) WebSocketCountsOf(string path, string identity) => Identities(path).CountsOf(identity);

    /// <summary>How many identities the endpoint at <paramref name="path"/> is counting.</summary>
    public int WebSocketIdentitiesAt(string path) => Identities(path).Count;

    private WebSocketIdentities Identities(string path) =>
        ((IEndpointRouteBuilder)_app!).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == path).Metadata.GetRequiredMetadata<WebSocketIdentities>();

    public Uri BaseAddress { get; private set; } = null!;

    public Uri GraphQLEndpoint => new(BaseAddress, "/graphql");

    public HttpClient Client { get; } = new();

    public CountingDocumentBuilder Parses { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(Logs);

        builder.Services.AddGraphQL(graphQL =>
        {
            graphQL.AddSchema<TestSchema>().AddSystemTextJson();
            if (_complexityLimits)
            {
                graphQL.AddComplexityLimits(complexity =>
                {
                    complexity.MaxDepth = MaxDepth;
                    complexity.MaxComplexity = MaxComplexity;
                });
            }
            graphQL.AddMaxAliases(MaxAliases).AddDocumentLimits().AddHttpTransport()
                .AddPersistedDocuments(_ => new PersistedDocumentManifest([PersistedHello]));
        });
        if (_time is not null)
        {
            builder.Services.AddSingleton(_time);
        }
        builder.Services.AddSingleton<IDocumentBuilder>(Parses);
        builder.Services.AddSingleton<ProfileType>();
        builder.Services.AddAuthorization(options =>
            options.AddPolicy(TestSchema.BadgePolicy, policy => policy.RequireClaim("badge")));

        _app = builder.Build();
        _app.UseWebSockets();
        // A stand-in for authentication, so the tests can see ExecutionOptions.User arrive.
        _app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Test-User"] is [{ } name])
            {
                var roles = context.Request.Headers["X-Test-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var badge = context.Request.Headers["X-Test-Badge"].ToString();
                context.User = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r)), .. badge.Length > 0 ? [new Claim("badge", badge)] : Array.Empty<Claim>()],
                    "Test"));
            }
            return next(context);
        });
        _app.MapGraphQL<TestSchema>("/graphql", options =>
        {
            options.BuildUserContext = http => new Dictionary<string, object?> { ["greeting"] = http.Request.Headers["X-Greeting"].ToString() };
            options.ConfigureExecution = (http, execution) =>
            {
                // Per request, and per subscription event: an event whose value is "forbidden" is refused.
                if (http.Request.Headers.ContainsKey("X-Deny") || execution.Root is SubscriptionEvent { Value: "forbidden" })
                {
                    execution.ValidationRules = (execution.ValidationRules ?? DocumentValidator.CoreRules).Append(new DenyingValidationRule());
                }
            };
            options.WebSockets.AuthenticateConnection = (http, payload) =>
                ValueTask.FromResult(payload?.ContainsKey("refuse") == true ? null : http.User);
        });
        _app.MapGraphQL<TestSchema>("/graphql-small", options => options.MaxRequestBodySize = SmallBodyLimit);
        var secure = new AuthorizationValidationRule();
        _app.MapGraphQL<TestSchema>("/graphql-secure", options => options.ConfigureExecution = (_, execution) =>
            execution.ValidationRules = (execution.ValidationRules ?? DocumentValidator.CoreRules).Append(secure));
        var locked = new AuthorizationValidationRule(new GraphQLAuthorizationOptions { AllowAnonymousTypename = false, AllowAnonymousIntrospection = false });
        _app.MapGraphQL<TestSchema>("/graphql-locked", options => options.ConfigureExecution = (_, execution) =>
            execution.ValidationRules = (execution.ValidationRules ?? DocumentValidator.CoreRules).Append(locked));
        _app.MapGraphQL<TestSchema>("/graphql-timeout", options => options.ExecutionTimeout = TimeSpan.FromMilliseconds(200));
        _app.MapGraphQL<TestSchema>("/graphql-ws-limits", options =>
        {
            options.WebSockets.MaxOperationsPerConnection = WebSocketMaxOperationsPerConnection;
            options.WebSockets.MaxMessageSize = WebSocketMaxMessageSize;
            options.WebSockets.MaxPendingEvents = WebSocketMaxPendingEvents;
        });
        _app.MapGraphQL<TestSchema>("/graphql-admission", options => options.WebSockets.AdmitOperation = http =>
        {
            // The app's rate limit would go here: this one admits two operations per connection.
            var admitted = http.Items["admitted"] is int count ? count : 0;
            http.Items["admitted"] = admitted + 1;
            return ValueTask.FromResult(admitted < AdmittedOperations ? null : new ExecutionError("Slow down.") { Code = "RATE_LIMITED" });
        });
        _app.MapGraphQL<TestSchema>("/graphql-caps", options =>
        {
            options.WebSockets.AuthenticateConnection = AuthenticateFromPayload;
            options.WebSockets.MaxConnectionsPerIdentity = WebSocketMaxConnectionsPerIdentity;
            options.WebSockets.MaxOperationsPerIdentity = WebSocketMaxOperationsPerIdentity;
        });
        _app.MapGraphQL<TestSchema>("/graphql-expiry", options =>
        {
            options.WebSockets.AuthenticateConnection = AuthenticateFromPayload;
            options.WebSockets.CredentialsExpireAt = user =>
                user.FindFirst("expires") is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(expires.Value, CultureInfo.InvariantCulture)) : null;
            options.WebSockets.IdleTimeout = WebSocketIdleTimeout;
        });

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    // The user named in connection_init, with credentials that expire when it says, on this server's clock.
    private ValueTask<ClaimsPrincipal?> AuthenticateFromPayload(HttpContext http, IReadOnlyDictionary<string, object?>? payload)
    {
        if (payload?.GetValueOrDefault(UserKey) is not string name)
        {
            return ValueTask.FromResult<ClaimsPrincipal?>(http.User);
        }
        List<Claim> claims = [new(ClaimTypes.Name, name)];
        if (payload.GetValueOrDefault(ExpiresKey) is { } seconds)
        {
            var expires = (_time ?? TimeProvider.System).GetUtcNow().AddSeconds(Convert.ToDouble(seconds, CultureInfo.InvariantCulture));
            claims.Add(new Claim("expires", expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }
        return ValueTask.FromResult<ClaimsPrincipal?>(new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
