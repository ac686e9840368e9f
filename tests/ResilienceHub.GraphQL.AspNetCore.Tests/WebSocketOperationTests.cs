using System.Diagnostics;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>Queries and mutations over graphql-transport-ws, with the settings HTTP applies to them.</summary>
[Collection(nameof(MutationCounter))]
public sealed class WebSocketOperationTests(GraphQLTestServer server)
{
    private Uri Endpoint(string path) => new(server.BaseAddress, path);

    [Fact]
    public async Task AQueryGetsOneNextThenComplete()
    {
        await using var session = NodeConformance.StartSession(server.GraphQLEndpoint);
        await session.WaitForAsync("connected");

        await session.SubscribeAsync("q", "query($name: String) { hello(name: $name) }", new { name = "socket" });

        var next = await session.WaitForAsync("next", "q");
        Assert.Equal("Hello, socket!", (string?)next["payload"]!["data"]!["hello"]);
        await session.WaitForAsync("complete", "q");
    }

    [Fact]
    public async Task AMutationRunsOnceOverTheSocket()
    {
        var before = TestMutation.Counter;
        await using var session = NodeConformance.StartSession(server.GraphQLEndpoint);
        await session.WaitForAsync("connected");

        await session.SubscribeAsync("m", "mutation { increment }");

        var next = await session.WaitForAsync("next", "m");
        Assert.True((int)next["payload"]!["data"]!["increment"]! > before);
        await session.WaitForAsync("complete", "m");
        Assert.Equal(before + 1, TestMutation.Counter);
    }

    [Fact]
    public async Task AnOperationThatRunsPastTheExecutionTimeoutGetsTheTimeoutErrorAsOverHttp()
    {
        await using var session = NodeConformance.StartSession(Endpoint("/graphql-timeout"));
        await session.WaitForAsync("connected");
        var clock = Stopwatch.StartNew();

        await session.SubscribeAsync("slow", "{ slow }");

        var error = await session.WaitForAsync("error", "slow");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal("TIMEOUT", (string?)error["errors"]![0]!["extensions"]!["code"]);
        Assert.DoesNotContain(session.Seen, line => (string?)line["type"] == "next");
    }
}
