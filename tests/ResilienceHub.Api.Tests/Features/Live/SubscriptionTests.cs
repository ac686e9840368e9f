using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using static ResilienceHub.Api.Tests.Features.Live.LiveClient;

namespace ResilienceHub.Api.Tests.Features.Live;

public class SubscriptionTests
{
    private const int Amendments = 40;

    [Fact]
    public async Task TheGraphQLWsClientReceivesEachVersionOfAReturnSubmittedOverHttpWithItsData()
    {
        await using var scenario = await Scenario.StartAsync(configure: api => api.UseKestrel(0));
        await using var clients = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = LiveClient.DirectorConnection,
            query = SitrepSubmitted,
            variables = new { id = Id(scenario.IncidentId) },
            events = 1 + Amendments,
            timeoutMs = 60_000,
        });
        await clients.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await WaitForSubscribersAsync(scenario.Api, 1);

        var sitrepId = await SubmitAsync(scenario.Client, scenario.AcuteReturn(Scenario.FirstPeriod));
        var first = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!;

        Assert.Null(first["errors"]);
        var sitrep = first["data"]!["sitrepSubmitted"]!;
        Assert.Equal(sitrepId, (string?)sitrep["id"]);
        Assert.Equal(1, (int)sitrep["version"]!);
        Assert.Equal(2, (int)sitrep["opelLevel"]!);
        Assert.True((bool)sitrep["late"]!); // sent at 07:30Z, due at 07:15Z
        Assert.Equal("RNL", (string?)sitrep["organisation"]!["odsCode"]);
        Assert.Equal(92, (int)sitrep["value"]!);

        // Amendments are new versions too; each one is timed from just before its request to its event.
        var latencies = new List<double>();
        for (var version = 2; version <= 1 + Amendments; version++)
        {
            var started = NowMs();
            Assert.Equal(version, await AmendAsync(scenario.Client, sitrepId, version - 1, juniorDoctorsAbsent: 50 + version));
            var next = await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30));
            var amended = next["payload"]!["data"]!["sitrepSubmitted"]!;
            Assert.Equal(version, (int)amended["version"]!);
            Assert.Equal(50 + version, (int)amended["value"]!);
            Assert.StartsWith("Recount", (string?)amended["amendmentReason"]);
            latencies.Add((double)next["at"]! - started);
        }

        TestContext.Current.SendDiagnosticMessage(Describe("Same instance (in-process bus), one subscriber", latencies));
    }

    [Fact]
    public async Task ABurstOfReturnsSendsTheDashboardSubscriberOneDashboardPerInterval()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 10, 30, 0, TimeSpan.Zero), configure: api => api.UseKestrel(0));
        await using var clients = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = LiveClient.DirectorConnection,
            query = "subscription($id: ID!) { dashboardChanged(incidentId: $id) { asOf compliance { onTime late } organisations { organisation { odsCode } latest { version period { startsAt } } } } }",
            variables = new { id = Id(scenario.IncidentId) },
            events = 2,
            timeoutMs = 60_000,
        });
        await clients.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await WaitForSubscribersAsync(scenario.Api, 1);

        foreach (var hour in new[] { 7, 8, 9 })
        {
            await SubmitAsync(scenario.Client, scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(hour - 7)));
        }
        // Nothing is sent until the interval (500 ms by default) has passed on the API's clock.
        await Assert.ThrowsAsync<TimeoutException>(() => clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(1)));
        scenario.Api.Time.Advance(TimeSpan.FromMilliseconds(500));
        var burst = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["dashboardChanged"]!;

        Assert.StartsWith("2016-04-26T10:30:00", (string?)burst["asOf"]);
        Assert.Equal("2016-04-26T09:00:00Z", (string?)AcuteLatest(burst)!["period"]!["startsAt"]);
        // All three arrived at 10:30Z, after their due times: the dashboard counts every one of the burst.
        Assert.Equal(3, (int)burst["compliance"]!["late"]!);
        await Assert.ThrowsAsync<TimeoutException>(() => clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(1)));

        await SubmitAsync(scenario.Client, scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(3)));
        scenario.Api.Time.Advance(TimeSpan.FromMilliseconds(500));
        var single = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["dashboardChanged"]!;

        Assert.Equal("2016-04-26T10:00:00Z", (string?)AcuteLatest(single)!["period"]!["startsAt"]);
        Assert.Equal(2, clients.Seen.Count(IsNext));
    }

    [Fact]
    public async Task SubscribersWhoSeeTheSameThingsAreSentOneExecutionOfEachDashboard()
    {
        const int Directors = 40, Viewers = 10;
        // One director's token for forty sockets: more than one identity may hold by default.
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 10, 30, 0, TimeSpan.Zero),
            configure: api =>
            {
                api.UseKestrel(0);
                api.With("LiveUpdates:MaxConnectionsPerIdentity", "64");
            });
        using var computed = new MetricCollector<double>(
            scenario.Api.Services.GetRequiredService<IMeterFactory>(), ResilienceMetrics.MeterName, "resiliencehub.dashboard.duration");
        LiveClients Subscribe(int clients, string token) => NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            clients,
            all = true,
            connectionParams = new { authorization = "Bearer " + token },
            query = "subscription($id: ID!) { dashboardChanged(incidentId: $id) { asOf compliance { onTime late } organisations { organisation { odsCode } latest { version opelLevel } } alerts { kind } } }",
            variables = new { id = Id(scenario.IncidentId) },
            events = 1,
            timeoutMs = 60_000,
        });
        await using var directors = Subscribe(Directors, ApiFactory.Token(ApiFactory.DirectorName, [Roles.Director], []));
        await using var viewers = Subscribe(Viewers, ApiFactory.Token("A viewer", [Roles.Viewer], []));
        await WaitForSubscribersAsync(scenario.Api, Directors + Viewers);

        await SubmitAsync(scenario.Client, scenario.AcuteReturn(Scenario.FirstPeriod));
        scenario.Api.Time.Advance(TimeSpan.FromMilliseconds(500));
        await directors.WaitForDoneAsync(TimeSpan.FromSeconds(60));
        await viewers.WaitForDoneAsync(TimeSpan.FromSeconds(60));

        // Each audience's subscribers were sent the same bytes, from one execution for the directors and one for the
        // viewers: a key without the audience would have given the viewers the directors' answer, with no second execution.
        foreach (var (clients, count) in new[] { (directors, Directors), (viewers, Viewers) })
        {
            var payloads = clients.Seen.Where(IsNext).Select(line => line["payload"]!.ToJsonString()).ToList();
            Assert.Equal(count, payloads.Count);
            Assert.Single(payloads.Distinct());
            var dashboard = JsonNode.Parse(payloads[0])!["data"]!["dashboardChanged"]!;
            Assert.Equal(1, (int)dashboard["compliance"]!["late"]!);
        }
        Assert.Equal(2, computed.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task ASubscriptionToAnUnknownIncidentIsRefusedWithAnError()
    {
        await using var scenario = await Scenario.StartAsync(configure: api => api.UseKestrel(0));
        await using var clients = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = LiveClient.DirectorConnection,
            query = SitrepSubmitted,
            variables = new { id = "999" },
            events = 1,
            timeoutMs = 30_000,
        });

        var result = (await clients.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!;
        await clients.WaitForDoneAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("INCIDENT_NOT_FOUND", (string?)result["errors"]![0]!["extensions"]!["code"]);
        await WaitForSubscribersAsync(scenario.Api, 0);
    }

    [Fact]
    public async Task EveryGraphQLTransportWsViolationClosesTheApisSocketWithItsCode()
    {
        await using var scenario = await Scenario.StartAsync(configure: api => api.UseKestrel(0));

        var closes = await NodeConformance.RunWebSocketViolationsAsync(
            scenario.Api.GraphQLEndpoint, $"subscription {{ sitrepSubmitted(incidentId: \"{scenario.IncidentId}\") {{ id }} }}",
            LiveClient.DirectorConnection, TestContext.Current.CancellationToken);

        var expected = new Dictionary<string, int>
        {
            ["unknown subprotocol"] = 1006, // the handshake names no subprotocol, so the client gives up
            ["no subprotocol"] = 4406,
            ["init timeout"] = 4408,
            ["duplicate init"] = 4429,
            ["subscribe before ack"] = 4401,
            ["duplicate id"] = 4409,
            ["malformed JSON"] = 4400,
            ["unknown message type"] = 4400,
            ["subscribe without a query"] = 4400,
            ["message without a type"] = 4400,
        };
        Assert.Equal(expected, closes.Where(c => expected.ContainsKey(c.Case)).ToDictionary(c => c.Case, c => c.Code));
        await WaitForSubscribersAsync(scenario.Api, 0);
    }

    private static JsonNode? AcuteLatest(JsonNode dashboard) =>
        dashboard["organisations"]!.AsArray().Single(o => (string?)o!["organisation"]!["odsCode"] == "RNL")!["latest"];
}
