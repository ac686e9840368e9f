using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

[assembly: AssemblyFixture(typeof(ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLTestServer))]

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>
/// A real Kestrel server on a loopback port serving <see cref="TestSchema"/> at /graphql,
/// and at /graphql-small with a 64-byte body limit. Shared by every test.
/// </summary>
public sealed class GraphQLTestServer : IAsyncLifetime
{
    public const int SmallBodyLimit = 64;

    private WebApplication? _app;

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

        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<TestSchema>()
            .AddSystemTextJson()
            .AddHttpTransport());
        builder.Services.AddSingleton<IDocumentBuilder>(Parses);

        _app = builder.Build();
        _app.UseWebSockets();
        // A stand-in for authentication, so the tests can see ExecutionOptions.User arrive.
        _app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Test-User"] is [{ } name])
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Test"));
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

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
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
