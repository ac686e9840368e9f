using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

// One class: the test schema's event source is shared, so these must not run side by side.
public class WebSocketTests(GraphQLTestServer server)
{
    [Fact]
    public async Task EachEventRunsThroughTheRequestsRulesAndARefusedEventEndsTheSubscriptionLeavingNothingRunning()
    {
        await using var clients = NodeConformance.StartLiveClients(server.GraphQLEndpoint, new { query = "subscription { ticks }", events = 3, timeoutMs = 30_000 });
        await clients.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await WaitForAsync(() => TestTicks.Subscribers == 1);

        TestTicks.Publish("one");
        TestTicks.Publish("two");
        var one = await clients.WaitForAsync(line => (string?)line["type"] == "next", TimeSpan.FromSeconds(10));
        var two = await clients.WaitForAsync(line => (string?)line["type"] == "next", TimeSpan.FromSeconds(10));
        TestTicks.Publish("forbidden");
        var refused = await clients.WaitForAsync(line => (string?)line["type"] == "error", TimeSpan.FromSeconds(10));

        Assert.Equal("one", (string?)one["payload"]!["data"]!["ticks"]);
        Assert.Equal("two", (string?)two["payload"]!["data"]!["ticks"]);
        Assert.Equal(DenyingValidationRule.Message, (string?)refused["errors"]![0]!["message"]);
        await WaitForAsync(() => TestTicks.Subscribers == 0);
    }

    [Fact]
    public async Task AConnectionTheAppRefusesFromItsInitPayloadIsClosedWith4403()
    {
        await using var clients = NodeConformance.StartLiveClients(server.GraphQLEndpoint, new
        {
            query = "subscription { ticks }",
            connectionParams = new { refuse = true },
            timeoutMs = 30_000,
        });

        var closed = await clients.WaitForAsync(line => (string?)line["type"] == "error", TimeSpan.FromSeconds(30));

        Assert.Equal(4403, (int)closed["errors"]!["code"]!);
        Assert.Equal("Forbidden", (string?)closed["errors"]!["reason"]);
    }

    [Fact]
    public async Task EveryProtocolViolationClosesTheSocketWithItsGraphQLTransportWsCode()
    {
        var closes = await NodeConformance.RunWebSocketViolationsAsync(server.GraphQLEndpoint, "subscription { ticks }", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            [("unknown subprotocol", 1006), ("no subprotocol", 4406), ("init timeout", 4408), ("duplicate init", 4429), ("subscribe before ack", 4401),
             ("duplicate id", 4409), ("malformed JSON", 4400), ("unknown message type", 4400), ("subscribe without a query", 4400), ("message without a type", 4400)],
            closes.Select(c => (c.Case, c.Code)));
        await WaitForAsync(() => TestTicks.Subscribers == 0);
    }

    [Fact]
    public async Task ACompleteFromTheClientEndsTheSubscriptionOnTheServer()
    {
        await using var session = NodeConformance.StartSession(server.GraphQLEndpoint);
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("t", "subscription { ticks }");
        await WaitForAsync(() => TestTicks.Subscribers == 1);
        TestTicks.Publish("one");
        await session.WaitForAsync("next", "t");

        await session.SendAsync(new { @do = "complete", id = "t" });

        await WaitForAsync(() => TestTicks.Subscribers == 0);
    }

    [Fact]
    public async Task AFailingEventStreamReachesTheClientAsAnErrorAndCompletesWithoutItsDetails()
    {
        const string secret = "connection to the event bus lost at 10.0.0.7";
        await using var session = NodeConformance.StartSession(server.GraphQLEndpoint);
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("t", "subscription { ticks }");
        await WaitForAsync(() => TestTicks.Subscribers == 1);
        TestTicks.Publish("before");
        await session.WaitForAsync("next", "t");

        TestTicks.Fail(secret);

        var failed = await session.WaitForAsync("next", "t");
        var error = failed["payload"]!["errors"]![0]!;
        Assert.Equal("The event stream failed.", (string?)error["message"]);
        Assert.Equal("EVENT_STREAM_FAILED", (string?)error["extensions"]!["code"]);
        Assert.DoesNotContain(secret, failed.ToJsonString(), StringComparison.Ordinal);
        await session.WaitForAsync("complete", "t");
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        await WaitForAsync(() => TestTicks.Subscribers == 0);
        Assert.DoesNotContain(session.Seen, line => (string?)line["type"] == "closed");
    }

    [Fact]
    public async Task ASubscriberThatFallsTooFarBehindHasItsSocketClosedWith1008RatherThanLoseEvents()
    {
        await using var session = NodeConformance.StartSession(new Uri(server.BaseAddress, "/graphql-ws-limits"));
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("t", "subscription { slowTicks }");
        await WaitForAsync(() => TestTicks.Subscribers == 1);

        // The first event takes until the subscription ends; the others pile up behind it.
        TestTicks.Publish("slow");
        for (var i = 0; i < GraphQLTestServer.WebSocketMaxPendingEvents + 5; i++)
        {
            TestTicks.Publish($"tick {i}");
        }

        var closed = await session.WaitForAsync("closed");
        Assert.Equal(1008, (int?)closed["code"]);
        Assert.Equal("Subscriber too slow: events would be lost", (string?)closed["reason"]);
        Assert.DoesNotContain(session.Seen, line => (string?)line["type"] == "next");
        await WaitForAsync(() => TestTicks.Subscribers == 0);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not get there within 15 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
