using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>A server whose clock the tests move, for the WebSocket transport's credential expiry and idle timeout.</summary>
public sealed class ServerWithFakeClock : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public GraphQLTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await GraphQLTestServer.StartAsync(time: Time);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>How long a socket lives: until its credentials expire, or until it has been idle too long.</summary>
public sealed class WebSocketLifetimeTests(ServerWithFakeClock clock) : IClassFixture<ServerWithFakeClock>
{
    private const string Expiry = "/graphql-expiry";

    private Uri Endpoint => new(clock.Server.BaseAddress, Expiry);

    private static string UniqueUser() => "user-" + Guid.NewGuid().ToString("N");

    // Moves the clock a second at a time until the line arrives: the server may arm its timer after any step.
    private async Task<JsonObject> AdvanceUntilAsync(LiveClients session, string type, string? id = null)
    {
        var line = session.WaitForAsync(type, id, TimeSpan.FromSeconds(30));
        while (!line.IsCompleted)
        {
            clock.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(line, Task.Delay(10, TestContext.Current.CancellationToken));
        }
        return await line;
    }

    [Fact]
    public async Task WhenTheCredentialsExpireEveryOperationIsCancelledAndTheSocketClosedWith4403()
    {
        var user = UniqueUser();
        await using var session = NodeConformance.StartSession(Endpoint, new { connectionParams = GraphQLTestServer.ConnectionAs(user, expiresInSeconds: 60) });
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("s", "{ slow }");
        await Eventually.HoldsAsync(() => clock.Server.WebSocketCountsOf(Expiry, "user:" + user).Operations == 1, "the operation running");

        var closed = await AdvanceUntilAsync(session, "closed");

        Assert.Equal(4403, (int?)closed["code"]);
        Assert.Equal("Forbidden: credentials expired", (string?)closed["reason"]);
        await Eventually.HoldsAsync(() => clock.Server.WebSocketCountsOf(Expiry, "user:" + user) == (0, 0), "the operation and connection ending");
    }

    [Fact]
    public async Task CredentialsThatHaveExpiredAlreadyAreRefusedWith4403()
    {
        await using var session = NodeConformance.StartSession(Endpoint, new { connectionParams = GraphQLTestServer.ConnectionAs(UniqueUser(), expiresInSeconds: -1) });

        var closed = await session.WaitForAsync("closed");

        Assert.Equal(4403, (int?)closed["code"]);
        Assert.DoesNotContain(session.Seen, line => (string?)line["type"] == "connected");
    }

    [Fact]
    public async Task AGraphQLWsClientComesBackAfter4403WithFreshCredentials()
    {
        // session.mjs asks for its connectionParams again on reconnecting, as a browser asks for a fresh token. The
        // credentials run out before the idle timeout would close the socket, which has nothing running.
        await using var session = NodeConformance.StartSession(Endpoint, new
        {
            connectionParams = GraphQLTestServer.ConnectionAs(UniqueUser(), expiresInSeconds: (int)GraphQLTestServer.WebSocketIdleTimeout.TotalSeconds / 2),
            retryAttempts = 1,
        });
        await session.WaitForAsync("connected");

        var closed = await AdvanceUntilAsync(session, "closed");
        Assert.Equal(4403, (int?)closed["code"]);

        await session.WaitForAsync("connected");
        await session.SubscribeAsync("q", "{ userName }");
        Assert.StartsWith("user-", (string?)(await session.WaitForAsync("next", "q"))["payload"]!["data"]!["userName"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionWithoutARunningOperationIsClosedWith1000WhenIdleTooLong()
    {
        await using var session = NodeConformance.StartSession(Endpoint, new { connectionParams = GraphQLTestServer.ConnectionAs(UniqueUser()) });
        await session.WaitForAsync("connected");

        var closed = await AdvanceUntilAsync(session, "closed");

        Assert.Equal(1000, (int?)closed["code"]);
        Assert.Equal("Idle", (string?)closed["reason"]);
    }

    [Fact]
    public async Task ARunningOperationKeepsTheConnectionOpenAndTheIdleTimeCountsFromItsEnd()
    {
        var user = UniqueUser();
        await using var session = NodeConformance.StartSession(Endpoint, new { connectionParams = GraphQLTestServer.ConnectionAs(user) });
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("s", "{ slow }");
        await Eventually.HoldsAsync(() => clock.Server.WebSocketCountsOf(Expiry, "user:" + user).Operations == 1, "the operation running");

        clock.Time.Advance(GraphQLTestServer.WebSocketIdleTimeout * 3);
        await session.SubscribeAsync("q", "{ hello }");
        await session.WaitForAsync("next", "q");
        await session.SendAsync(new { @do = "complete", id = "s" });
        await Eventually.HoldsAsync(() => clock.Server.WebSocketCountsOf(Expiry, "user:" + user).Operations == 0, "the operation ending");

        var closed = await AdvanceUntilAsync(session, "closed");
        Assert.Equal(1000, (int?)closed["code"]);
    }
}
