using System.Globalization;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using static ResilienceHub.Api.Tests.Features.Live.LiveClient;

namespace ResilienceHub.Api.Tests.Features.Live;

/// <summary>Alone, so that the heap it measures holds nothing of other tests running beside it.</summary>
[CollectionDefinition(nameof(ManySubscribers), DisableParallelization = true)]
public sealed class ManySubscribers;

[Collection(nameof(ManySubscribers))]
public class ManySubscribersTests
{
    private const int Subscribers = 200;
    private const int Burst = 6;

    [Fact]
    public async Task TwoHundredSubscribersReceiveEveryReturnOfABurstAndLeaveTheHeapAsTheyFoundIt()
    {
        // 16:30Z on the 27th: all twenty of the acute trust's periods are open.
        // Every subscriber here is the one test director; the per-identity limits are not what this test is about.
        await using var scenario = await Scenario.StartAsync(
            now: new DateTimeOffset(2016, 4, 27, 16, 30, 0, TimeSpan.Zero),
            configure: api => api.With("RateLimiting:PermitLimit", "100000")
                .With("LiveUpdates:MaxConnectionsPerIdentity", "1000").With("LiveUpdates:MaxOperationsPerIdentity", "1000").UseKestrel(0));
        var periods = new ReportingPeriods();

        // A first round grows what is built once or pooled by peak load (JIT, caches, Kestrel's buffers),
        // so that the baseline is what the server keeps between bursts; two more rounds must not add to it.
        await RoundAsync(scenario, Subscribers, periods.Next(Burst));
        var baseline = SettledHeap();
        await RoundAsync(scenario, Subscribers, periods.Next(Burst));
        var latencies = await RoundAsync(scenario, Subscribers, periods.Next(Burst));
        var after = SettledHeap();

        TestContext.Current.SendDiagnosticMessage(Describe($"One instance, {Subscribers} subscribers, a burst of {Burst} returns", latencies));
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"Managed heap after a full collection: {baseline / 1e6:F1} MB after a first round of {Subscribers} subscribers, {after / 1e6:F1} MB after two more"));
        // Two hundred subscriptions left behind would keep their connections, scopes and buffers: far more than this.
        Assert.True(after - baseline < 2_000_000, $"the heap grew by {(after - baseline) / 1e6:F1} MB over two more rounds of {Subscribers} subscribers");
    }

    // Subscribes, submits every period at once, checks each subscriber got each return, disconnects.
    private static async Task<List<double>> RoundAsync(Scenario scenario, int subscribers, List<DateTime> periods)
    {
        await using var clients = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = LiveClient.DirectorConnection,
            clients = subscribers,
            query = "subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id version organisation { odsCode } } }",
            variables = new { id = Id(scenario.IncidentId) },
            events = periods.Count,
            timeoutMs = 120_000,
        });
        await WaitForSubscribersAsync(scenario.Api, subscribers);

        var submitted = await Task.WhenAll(periods.Select(async period =>
        {
            var started = NowMs();
            return (Id: await SubmitAsync(scenario.Client, scenario.AcuteReturn(period)), Started: started);
        }));
        var done = await clients.WaitForDoneAsync(TimeSpan.FromSeconds(120));
        await WaitForSubscribersAsync(scenario.Api, 0);

        Assert.All(done["received"]!.AsArray(), count => Assert.Equal(periods.Count, (int)count!));
        var startedById = submitted.ToDictionary(s => s.Id, s => s.Started);
        var events = clients.Seen.Where(IsNext).ToList();
        Assert.Equal(subscribers * periods.Count, events.Count);
        var ids = events.Select(e => (string)(e["data"]?["id"] ?? e["payload"]!["data"]!["sitrepSubmitted"]!["id"])!).ToList();
        // Every subscriber saw each return of the burst once.
        Assert.All(ids.GroupBy(id => id), group => Assert.Equal(subscribers, group.Count()));
        Assert.Equal(startedById.Keys.Order(), ids.Distinct().Order());
        return [.. events.Select((e, i) => (double)e["at"]! - startedById[ids[i]])];
    }

    private sealed class ReportingPeriods
    {
        private int _used;

        public List<DateTime> Next(int count)
        {
            // Hourly 07:00Z–16:00Z on both days of the scenario's incident.
            var all = Enumerable.Range(0, 10).Select(h => Scenario.FirstPeriod.AddHours(h))
                .Concat(Enumerable.Range(0, 10).Select(h => Scenario.FirstPeriod.AddDays(1).AddHours(h))).ToList();
            var next = all.Skip(_used).Take(count).ToList();
            _used += count;
            return next;
        }
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
