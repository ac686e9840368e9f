using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using static ResilienceHub.Api.Tests.Features.Live.LiveClient;

namespace ResilienceHub.Api.Tests.Features.Live;

/// <summary>Two instances of the API on one database, with a real redis-server between them.</summary>
public class RedisFanOutTests
{
    private const int Amendments = 40;

    [Fact]
    public async Task AReturnSubmittedToOneInstanceReachesASubscriberOfTheOtherAndARedisOutageOnlyPausesLiveUpdates()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Scenario.StartAsync(configure: api => api.With("ConnectionStrings:Redis", redis.ConnectionString).UseKestrel(0));
        await using var b = new ApiFactory(now: a.Api.Time.GetUtcNow(), databasePath: a.Api.DatabasePath).With("ConnectionStrings:Redis", redis.ConnectionString);
        using var toB = b.CreateClient();
        await using var clients = NodeConformance.StartLiveClients(a.Api.GraphQLEndpoint, new
        {
            connectionParams = LiveClient.DirectorConnection,
            query = SitrepSubmitted,
            variables = new { id = Id(a.IncidentId) },
            events = 1000,
            timeoutMs = 120_000,
        });
        await clients.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await WaitForSubscribersAsync(a.Api, 1);

        var sitrepId = await SubmitAsync(toB, a.AcuteReturn(Scenario.FirstPeriod));
        var first = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["sitrepSubmitted"]!;
        Assert.Equal(sitrepId, (string?)first["id"]);
        Assert.Equal(1, (int)first["version"]!);

        var latencies = new List<double>();
        var version = 1;
        for (var i = 0; i < Amendments; i++)
        {
            var started = NowMs();
            version = await AmendAsync(toB, sitrepId, version, juniorDoctorsAbsent: 50 + i);
            var next = await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30));
            Assert.Equal(version, (int)next["payload"]!["data"]!["sitrepSubmitted"]!["version"]!);
            latencies.Add((double)next["at"]! - started);
        }
        TestContext.Current.SendDiagnosticMessage(Describe("Across instances through Redis, one subscriber", latencies));

        // Redis goes away: writes still succeed, nothing is delivered, and readiness says Degraded.
        await redis.StopAsync();
        version = await AmendAsync(toB, sitrepId, version, juniorDoctorsAbsent: 20);
        Assert.Equal("Degraded", await ReadinessAsync(toB));
        await Assert.ThrowsAsync<TimeoutException>(() => clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(1)));

        // Redis comes back: both instances reconnect by themselves and events flow again.
        await redis.RestartAsync();
        using var toA = a.Api.CreateClient();
        Assert.True(await Eventually.FindAsync(async () => await ReadinessAsync(toA) == "Healthy" && await ReadinessAsync(toB) == "Healthy", TimeSpan.FromSeconds(60)),
            "both instances should be ready and healthy again once Redis is back");
        version = await AmendAsync(toB, sitrepId, version, juniorDoctorsAbsent: 21);
        var afterOutage = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["sitrepSubmitted"]!;
        Assert.Equal(version, (int)afterOutage["version"]!);
        Assert.Equal(21, (int)afterOutage["value"]!);
    }

    private static async Task<string?> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return (string?)body["status"];
    }
}
