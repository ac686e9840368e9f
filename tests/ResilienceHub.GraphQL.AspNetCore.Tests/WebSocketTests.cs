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
