using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>What one socket and one identity may do, with the real graphql-ws client. The long-running operation is <c>{ slow }</c>.</summary>
public sealed class WebSocketLimitTests(GraphQLTestServer server)
{
    private Uri Endpoint(string path) => new(server.BaseAddress, path);

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
}
