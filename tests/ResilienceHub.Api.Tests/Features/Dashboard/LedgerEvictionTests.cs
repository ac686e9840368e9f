using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

/// <summary>
/// A ledger not read for <c>Dashboard:LedgerIdleTimeout</c> (30 minutes unless set) is dropped, and the next dashboard
/// loads it again from the database: seen here as that dashboard's read of the incident's versions with their values,
/// which a dashboard of a kept ledger with nothing new never sends.
/// </summary>
public sealed class LedgerEvictionTests
{
    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id version } errors { code message } } }";
    private static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The eviction runs at least once a minute: a ledger goes within a minute after its timeout.</summary>
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ALedgerNotReadForHalfAnHourIsDroppedAndTheNextDashboardLoadsItAgainWithTheSameAnswer()
    {
        await using var scenario = await ScenarioWithTwoReturnsAsync();
        var asOf = Instant(scenario.Api.Time.GetUtcNow());
        var before = await DashboardAsync(scenario, asOf);
        Assert.False(await LoadsTheLedgerAsync(scenario, asOf), "a kept ledger with nothing new reads no versions");

        scenario.Api.Time.Advance(DefaultIdleTimeout + Sweep);
        scenario.Api.Sql.Clear();
        var after = await DashboardAsync(scenario, asOf);

        Assert.True(ReadTheIncidentsVersions(scenario.Api.Sql.Commands), string.Join("\n", scenario.Api.Sql.Commands));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.False(await LoadsTheLedgerAsync(scenario, asOf), "the ledger loaded again is kept");
    }

    [Fact]
    public async Task EachReadRestartsTheIdleTime()
    {
        await using var scenario = await ScenarioWithTwoReturnsAsync();
        var asOf = Instant(scenario.Api.Time.GetUtcNow());
        await DashboardAsync(scenario, asOf);

        foreach (var _ in Enumerable.Range(0, 3))
        {
            scenario.Api.Time.Advance(DefaultIdleTimeout - Sweep - Sweep);
            Assert.False(await LoadsTheLedgerAsync(scenario, asOf), "a ledger read within the timeout is kept");
        }
    }

    [Fact]
    public async Task TheIdleTimeoutIsASetting()
    {
        await using var scenario = await ScenarioWithTwoReturnsAsync(api => api.With("Dashboard:LedgerIdleTimeout", "00:05:00"));
        var asOf = Instant(scenario.Api.Time.GetUtcNow());
        await DashboardAsync(scenario, asOf);

        scenario.Api.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await LoadsTheLedgerAsync(scenario, asOf), "read after 4 minutes");
        scenario.Api.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await LoadsTheLedgerAsync(scenario, asOf), "read after 6 more");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public async Task AnIdleTimeoutThatIsNotPositiveStopsTheStartNamingTheSetting(string timeout)
    {
        var (exitCode, _, error) = await ApiProcess.RunAsync("Testing",
            "schema", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}", $"--Dashboard:LedgerIdleTimeout={timeout}");

        Assert.Equal(1, exitCode);
        Assert.Contains("Dashboard:LedgerIdleTimeout must be between 00:00:01 and 7.00:00:00", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A dashboard loading the ledger (holding its gate, halfway through: the versions read, their values not yet) and a
    /// second one waiting at the gate, while the clock passes the timeout twice over: both answer, in full, the ledger is
    /// kept, and it goes only once the timeout has passed after those reads.
    /// </summary>
    [Fact]
    public async Task ADashboardReadingTheLedgerWhenItsTimeoutPassesIsNotBrokenAndTheLedgerIsKeptForIt()
    {
        // As the other tests here: every dashboard computed, none shared.
        await using var factory = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 27, 11, 30, 0, TimeSpan.Zero)).With("GraphQL:ShareAnswers", "false");
        var pause = new PauseAtTheLedgersValues();
        using var api = factory.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(pause)));
        using var client = api.CreateClient();
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;
        const string AsOf = "2016-04-27T11:00:00Z";

        pause.Arm();
        var loading = DashboardAsync(client, id, AsOf);
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var waiting = DashboardAsync(client, id, AsOf);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        factory.Time.Advance(DefaultIdleTimeout + DefaultIdleTimeout);
        pause.Release();
        var (loaded, waited) = (await loading, await waiting);

        Assert.Equal(7, loaded["organisations"]!.AsArray().Count);
        Assert.Equal(loaded.ToJsonString(), waited.ToJsonString());
        factory.Sql.Clear();
        Assert.Equal(loaded.ToJsonString(), (await DashboardAsync(client, id, AsOf)).ToJsonString());
        Assert.False(ReadTheIncidentsVersions(factory.Sql.Commands), "the ledger loaded while the timeout passed is kept");

        factory.Time.Advance(DefaultIdleTimeout + Sweep);
        factory.Sql.Clear();
        Assert.Equal(loaded.ToJsonString(), (await DashboardAsync(client, id, AsOf)).ToJsonString());
        Assert.True(ReadTheIncidentsVersions(factory.Sql.Commands), "idle after those reads, it goes");
    }

    /// <summary>Dashboards read without pause while the clock jumps past the timeout again and again: each answers the same.</summary>
    [Fact]
    public async Task DashboardsReadWhileLedgersAreDroppedAllAnswerTheSame()
    {
        await using var scenario = await ScenarioWithTwoReturnsAsync();
        var asOf = Instant(scenario.Api.Time.GetUtcNow());
        var expected = (await DashboardAsync(scenario, asOf)).ToJsonString();
        scenario.Api.Sql.Clear();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(async () =>
        {
            var answers = new List<string>();
            var random = new Random(reader);
            for (var i = 0; i < 25; i++)
            {
                answers.Add((await DashboardAsync(scenario, asOf)).ToJsonString());
                await Task.Delay(random.Next(3), stop.Token);
            }

            return answers;
        }, stop.Token)).ToList();
        var advancing = Task.Run(async () =>
        {
            while (!readers.All(r => r.IsCompleted))
            {
                scenario.Api.Time.Advance(DefaultIdleTimeout + Sweep);
                await Task.Delay(2, stop.Token);
            }
        }, stop.Token);

        var answers = (await Task.WhenAll(readers)).SelectMany(a => a).ToList();
        await advancing;

        Assert.Equal(75, answers.Count);
        Assert.All(answers, answer => Assert.Equal(expected, answer));
        // Dropped and loaded again many times over (about 70 here), so reads met evictions at every step.
        Assert.True(scenario.Api.Sql.Commands.Count(c => c.Contains("\"SitrepValues\"", StringComparison.Ordinal)) > 1);
    }

    /// <summary>
    /// Each dashboard asked for is computed: the same answer shared between requests would not read the ledger at all,
    /// and the ledger is what these tests watch.
    /// </summary>
    private static async Task<Scenario> ScenarioWithTwoReturnsAsync(Action<ApiFactory>? configure = null)
    {
        var scenario = await Scenario.StartAsync(new DateTimeOffset(2016, 4, 26, 9, 30, 0, TimeSpan.Zero), api =>
        {
            api.With("GraphQL:ShareAnswers", "false");
            configure?.Invoke(api);
        });
        foreach (var hour in new[] { 0, 1 })
        {
            var submitted = (await scenario.Client.QueryAsync(Submit, new { i = scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(hour)) }))["submitSitrep"]!;
            Assert.Empty(submitted["errors"]!.AsArray());
        }

        return scenario;
    }

    /// <summary>Whether a dashboard now loads the incident's ledger from the database.</summary>
    private static async Task<bool> LoadsTheLedgerAsync(Scenario scenario, string asOf)
    {
        scenario.Api.Sql.Clear();
        await DashboardAsync(scenario, asOf);
        return ReadTheIncidentsVersions(scenario.Api.Sql.Commands);
    }

    /// <summary>The ledger's read of an incident's versions through its returns, with their values (not the log's tail).</summary>
    private static bool ReadTheIncidentsVersions(IReadOnlyList<string> commands) => commands.Any(command =>
        command.Contains("\"SitrepValues\"", StringComparison.Ordinal)
        && command.Contains("\"IncidentId\" = @", StringComparison.Ordinal)
        && !command.Contains("EXISTS", StringComparison.Ordinal));

    private static Task<JsonNode> DashboardAsync(Scenario scenario, string asOf) =>
        DashboardAsync(scenario.Client, scenario.IncidentId.ToString(CultureInfo.InvariantCulture), asOf);

    private static async Task<JsonNode> DashboardAsync(HttpClient client, string id, string asOf) =>
        (await client.QueryAsync(DashboardTests.FullDashboard, new { id, asOf }))["incident"]!["dashboard"]!;

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Once armed, holds the next command that reads versions' values until released.</summary>
    private sealed class PauseAtTheLedgersValues : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Reached => _reached.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"SitrepValues\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return result;
        }
    }
}
