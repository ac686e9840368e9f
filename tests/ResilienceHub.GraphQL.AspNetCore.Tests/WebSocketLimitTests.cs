using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>What one socket and one identity may do, with the real graphql-ws client. The long-running operation is <c>{ slow }</c>.</summary>
public sealed class WebSocketLimitTests(GraphQLTestServer server)
{
    private const string Caps = "/graphql-caps";
    private const string Slow = "{ slow }";

    private Uri Endpoint(string path) => new(server.BaseAddress, path);

    private static string UniqueUser() => "user-" + Guid.NewGuid().ToString("N");

    private static string ErrorCode(System.Text.Json.Nodes.JsonObject error) => (string?)error["errors"]![0]!["extensions"]!["code"] ?? "";

    [Fact]
    public async Task TheAdmissionHookRefusesAnOperationWithItsCodeAndTheConnectionStaysOpen()
    {
        await using var session = NodeConformance.StartSession(Endpoint("/graphql-admission"), new { keepAliveMs = 200 });
        await session.WaitForAsync("connected");

        for (var i = 0; i < GraphQLTestServer.AdmittedOperations; i++)
        {
            await session.SubscribeAsync($"q{i}", "{ hello }");
            await session.WaitForAsync("complete", $"q{i}");
        }
        await session.SubscribeAsync("refused", "{ hello }");

        var refused = await session.WaitForAsync("error", "refused");
        Assert.Equal("RATE_LIMITED", ErrorCode(refused));
        Assert.Equal("Slow down.", (string?)refused["errors"]![0]!["message"]);
        // Still open: the client's next ping is answered.
        await session.WaitForAsync(line => (string?)line["type"] == "pong" && (bool?)line["received"] == true, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(session.Seen, line => (string?)line["type"] == "closed");
    }

    [Fact]
    public async Task AnIdentityPastItsConnectionCapIsClosedWith1013AndTheCountsReturnToZero()
    {
        var user = UniqueUser();
        var identity = "user:" + user;
        var spec = new { connectionParams = GraphQLTestServer.ConnectionAs(user) };
        await using (var first = NodeConformance.StartSession(Endpoint(Caps), spec))
        await using (var second = NodeConformance.StartSession(Endpoint(Caps), spec))
        {
            await first.WaitForAsync("connected");
            await second.WaitForAsync("connected");
            await using var third = NodeConformance.StartSession(Endpoint(Caps), spec);

            var closed = await third.WaitForAsync("closed");

            Assert.Equal(1013, (int?)closed["code"]);
            Assert.Equal("Try again later: too many connections", (string?)closed["reason"]);
            Assert.Equal((GraphQLTestServer.WebSocketMaxConnectionsPerIdentity, 0), server.WebSocketCountsOf(Caps, identity));
        }

        await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, identity) == (0, 0), "the counts returning to zero");
    }

    [Fact]
    public async Task AnIdentityPastItsOperationCapAcrossConnectionsGetsAnErrorAndTheCountsReturnToZero()
    {
        var user = UniqueUser();
        var identity = "user:" + user;
        var spec = new { connectionParams = GraphQLTestServer.ConnectionAs(user) };
        await using (var first = NodeConformance.StartSession(Endpoint(Caps), spec))
        await using (var second = NodeConformance.StartSession(Endpoint(Caps), spec))
        {
            await first.WaitForAsync("connected");
            await second.WaitForAsync("connected");
            await first.SubscribeAsync("a", Slow);
            await first.SubscribeAsync("b", Slow);
            await second.SubscribeAsync("c", Slow);
            await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, identity).Operations == 3, "three operations running");

            await second.SubscribeAsync("refused", Slow);

            var refused = await second.WaitForAsync("error", "refused");
            Assert.Equal(GraphQLWebSocketOptions.TooManyOperationsCode, ErrorCode(refused));
            // Completing one makes room for another, on either connection.
            await first.SendAsync(new { @do = "complete", id = "a" });
            await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, identity).Operations == 2, "the completed operation ending");
            await second.SubscribeAsync("d", Slow);
            await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, identity).Operations == 3, "the fourth operation running");
            Assert.DoesNotContain(second.Seen, line => (string?)line["type"] == "error" && (string?)line["id"] == "d");
        }

        await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, identity) == (0, 0), "the counts returning to zero");
    }

    [Fact]
    public async Task AConnectionPastItsOperationLimitGetsAnErrorForTheExtraOperation()
    {
        await using var session = NodeConformance.StartSession(Endpoint("/graphql-ws-limits"));
        await session.WaitForAsync("connected");
        for (var i = 0; i < GraphQLTestServer.WebSocketMaxOperationsPerConnection; i++)
        {
            await session.SubscribeAsync($"s{i}", Slow);
        }

        await session.SubscribeAsync("extra", "{ hello }");

        var refused = await session.WaitForAsync("error", "extra");
        Assert.Equal(GraphQLWebSocketOptions.TooManyOperationsCode, ErrorCode(refused));
        await session.SendAsync(new { @do = "complete", id = "s0" });

        // The server stops s0 on its own time; until then another operation is still one too many.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        for (var attempt = 0; ; attempt++)
        {
            await session.SubscribeAsync($"after{attempt}", "{ hello }");
            var answer = await session.WaitForAsync(line => (string?)line["id"] == $"after{attempt}" && (string?)line["type"] is "complete" or "error", TimeSpan.FromSeconds(10));
            if ((string?)answer["type"] == "complete")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "no room was made for another operation");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task AMessageLargerThanTheLimitClosesTheSocketWith1009()
    {
        await using var session = NodeConformance.StartSession(Endpoint("/graphql-ws-limits"));
        await session.WaitForAsync("connected");

        await session.SubscribeAsync("big", $"{{ hello }} # {new string('x', GraphQLTestServer.WebSocketMaxMessageSize)}");

        var closed = await session.WaitForAsync("closed");
        Assert.Equal(1009, (int?)closed["code"]);
    }

    [Fact]
    public async Task APingIsAnsweredWithAPong()
    {
        await using var session = NodeConformance.StartSession(server.GraphQLEndpoint, new { keepAliveMs = 100 });
        await session.WaitForAsync("connected");

        await session.WaitForAsync("ping");

        await session.WaitForAsync(line => (string?)line["type"] == "pong" && (bool?)line["received"] == true, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CompletingARunningOperationStopsItOnTheServer()
    {
        var user = UniqueUser();
        await using var session = NodeConformance.StartSession(Endpoint(Caps), new { connectionParams = GraphQLTestServer.ConnectionAs(user) });
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("s", Slow);
        await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, "user:" + user).Operations == 1, "the operation running");

        await session.SendAsync(new { @do = "complete", id = "s" });

        // { slow } takes 30 s unless it is cancelled.
        await Eventually.HoldsAsync(() => server.WebSocketCountsOf(Caps, "user:" + user).Operations == 0, "the operation stopping", TimeSpan.FromSeconds(10));
    }
}
