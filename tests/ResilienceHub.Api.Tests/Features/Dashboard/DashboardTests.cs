using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

public sealed class DashboardTests
{
    /// <summary>Every field of Dashboard, as the director's screen asks for it (tests/queries, shared with the benchmark).</summary>
    public static readonly string FullDashboard = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "queries", "full-dashboard.graphql"));

    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id version } errors { code message } } }";
    private const string Amend = "mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id version } errors { code message } } }";

    private static async Task<JsonNode> DashboardAsync(HttpClient client, object id, string? asOf = null) =>
        (await client.QueryAsync(FullDashboard, new { id = id.ToString(), asOf }))["incident"]!["dashboard"]!;

    [Fact]
    public async Task TheDemoIncidentAnswersEveryDashboardFieldInOneRequest()
    {
        await using var api = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 28, 9, 0, 0, TimeSpan.Zero));
        using var client = api.CreateClient();
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

        var dashboard = await DashboardAsync(client, id, "2016-04-27T11:30:00Z");

        Assert.Equal(7, dashboard["organisations"]!.AsArray().Count);
        // Due by 11:30Z on the 27th: ten periods on the 26th and five on the 27th, from seven organisations; every one sent.
        Assert.Equal(105, (int)dashboard["compliance"]!["expected"]!);
        Assert.Equal(0, (int)dashboard["compliance"]!["overdue"]!);
        Assert.Equal(4, (int)dashboard["systemOpelLevel"]!);
        Assert.Contains(dashboard["alerts"]!.AsArray(), a => (string?)a!["kind"] == "OPEL_4" && (string?)a["organisation"]!["odsCode"] == "RNL");
        Assert.Equal(15, dashboard["trend"]![0]!["points"]!.AsArray().Count);
        Assert.NotEmpty(dashboard["totals"]!.AsArray());
    }

    [Fact]
    public async Task AScreenAsksOnlyForWhatItShowsTheTilesDrawnTheAlertsListedAndTheEarliestOverduePeriod()
    {
        await using var api = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 28, 9, 0, 0, TimeSpan.Zero));
        using var client = api.CreateClient();
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;
        const string Asked = """
            query($id: ID!, $asOf: DateTime, $ids: [ID!]) { incident(id: $id) { dashboard(asOf: $asOf) {
              every: organisations { organisation { id odsCode } overduePeriods { startsAt } overdueCount earliest: overduePeriods(first: 1) { startsAt } }
              some: organisations(ids: $ids) { organisation { odsCode } }
              alerts { severity kind at }
              critical: alerts(severity: CRITICAL, first: 2) { severity at } criticalCount: alertCount(severity: CRITICAL)
              overdue: alerts(kind: "RETURN_OVERDUE") { kind } overdueAlerts: alertCount(kind: "RETURN_OVERDUE") alertCount
            } } }
            """;
        var all = await client.QueryAsync(Asked, new { id, asOf = (string?)null, ids = (string[]?)null });
        var rnlAndRnn = all["incident"]!["dashboard"]!["every"]!.AsArray()
            .Where(o => (string?)o!["organisation"]!["odsCode"] is "RNL" or "RNN").Select(o => (string)o!["organisation"]!["id"]!).ToArray();
        var periods = (await client.QueryAsync("query($id: ID!) { incident(id: $id) { periods { dueAt } } }", new { id }))["incident"]!["periods"]!.AsArray();
        var (overdueSeen, criticalSeen) = (0, 0);
        foreach (var period in periods)
        {
            var board = (await client.QueryAsync(Asked, new { id, asOf = (string)period!["dueAt"]!, ids = rnlAndRnn.Append("not-an-id").ToArray() }))["incident"]!["dashboard"]!;

            // Only the organisations named, in the dashboard's order; an id that names none is ignored.
            Assert.Equal(
                board["every"]!.AsArray().Select(o => (string)o!["organisation"]!["odsCode"]!).Where(c => c is "RNL" or "RNN"),
                board["some"]!.AsArray().Select(o => (string)o!["organisation"]!["odsCode"]!));
            // How many periods are overdue, and the earliest of them alone.
            foreach (var o in board["every"]!.AsArray())
            {
                var overduePeriods = o!["overduePeriods"]!.AsArray().Select(p => (string)p!["startsAt"]!).ToList();
                Assert.Equal(overduePeriods.Count, (int)o["overdueCount"]!);
                Assert.Equal(overduePeriods.Take(1), o["earliest"]!.AsArray().Select(p => (string)p!["startsAt"]!));
                overdueSeen += overduePeriods.Count;
            }

            // The newest alerts of one severity or kind, and how many there are.
            var alerts = board["alerts"]!.AsArray();
            var critical = alerts.Where(a => (string?)a!["severity"] == "CRITICAL").ToList();
            Assert.Equal(critical.Take(2).Select(a => (string)a!["at"]!), board["critical"]!.AsArray().Select(a => (string)a!["at"]!));
            Assert.Equal(critical.Count, (int)board["criticalCount"]!);
            criticalSeen = Math.Max(criticalSeen, critical.Count);
            var overdue = alerts.Count(a => (string?)a!["kind"] == "RETURN_OVERDUE");
            Assert.Equal(overdue, board["overdue"]!.AsArray().Count);
            Assert.Equal(overdue, (int)board["overdueAlerts"]!);
            Assert.Equal(alerts.Count, (int)board["alertCount"]!);
        }

        Assert.True(overdueSeen > 0, "no period of the demo had an overdue return: the check says nothing");
        Assert.True(criticalSeen > 2, "no period of the demo had more than two critical alerts: first: 2 was not tried");
    }

    [Fact]
    public async Task AReplayShowsWhatWasKnownThenAndAmendmentsOnlyAfterwards()
    {
        await using var scenario = await Scenario.StartAsync(Scenario.FirstPeriod.AddMinutes(5));
        var client = scenario.Client;
        var submitted = (await client.QueryAsync(Submit, new { i = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;
        scenario.Api.Time.Advance(TimeSpan.FromMinutes(10));
        const string T1 = "2016-04-26T07:10:00Z";
        var before = await DashboardAsync(client, scenario.IncidentId, T1);

        var amendment = scenario.AcuteReturn(Scenario.FirstPeriod);
        foreach (var name in new[] { "incidentId", "organisationId", "periodStartsAt" })
        {
            amendment.Remove(name);
        }

        amendment["sitrepId"] = (string)submitted["sitrep"]!["id"]!;
        amendment["expectedVersion"] = 1;
        amendment["reason"] = "Postponements recounted";
        amendment["measures"]![1]!["value"] = 20;
        Assert.Empty((await client.QueryAsync(Amend, new { i = amendment }))["amendSitrep"]!["errors"]!.AsArray());
        scenario.Api.Time.Advance(TimeSpan.FromMinutes(1));

        var replayed = await DashboardAsync(client, scenario.IncidentId, T1);
        var now = await DashboardAsync(client, scenario.IncidentId);

        Assert.Equal(before.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(12, (int)replayed["postponed"]!["value"]!);
        Assert.Equal(20, (int)now["postponed"]!["value"]!);
        var latestNow = now["organisations"]!.AsArray().Single(o => (string?)o!["organisation"]!["odsCode"] == "RNL")!["latest"]!;
        Assert.Equal(2, (int)latestNow["version"]!);
        var latestThen = replayed["organisations"]!.AsArray().Single(o => (string?)o!["organisation"]!["odsCode"] == "RNL")!["latest"]!;
        Assert.Equal((1, 1), ((int)latestThen["currentVersion"]!, latestThen["versions"]!.AsArray().Count));
    }

    [Fact]
    public async Task DailyTotalsRestartAtLocalMidnightNotUtcMidnight()
    {
        // Late evening into early morning in British Summer Time: local midnight on the 27th is 23:00Z on the 26th.
        await using var api = new ApiFactory(demo: false, now: new DateTimeOffset(2016, 4, 26, 20, 0, 0, TimeSpan.Zero));
        using var client = api.CreateClient();
        var incident = await client.DeclareStrikeAsync(input =>
        {
            input["reference"] = "NIGHT";
            input["windows"] = new List<Dictionary<string, object?>>
            {
                IncidentMutationsClient.Window("2016-04-26", "23:00", "23:00"),
                IncidentMutationsClient.Window("2016-04-27", "00:00", "00:00"),
            };
        });
        var incidentId = Ids.Parse((string)incident["id"]!, NodeTypes.Incident)!.Value;
        var rnl = Ids.Parse((string)(await client.QueryAsync("""{ organisation(odsCode: "RNL") { id } }"""))["organisation"]!["id"]!, NodeTypes.Organisation)!.Value;

        api.Time.SetUtcNow(new DateTimeOffset(2016, 4, 26, 22, 5, 0, TimeSpan.Zero));
        var evening = Scenario.AcuteReturn(incidentId, rnl, new DateTime(2016, 4, 26, 22, 0, 0, DateTimeKind.Utc));
        Assert.Empty((await client.QueryAsync(Submit, new { i = evening }))["submitSitrep"]!["errors"]!.AsArray());
        api.Time.SetUtcNow(new DateTimeOffset(2016, 4, 26, 23, 5, 0, TimeSpan.Zero));
        var midnight = Scenario.AcuteReturn(incidentId, rnl, new DateTime(2016, 4, 26, 23, 0, 0, DateTimeKind.Utc));
        midnight["measures"]![1]!["value"] = 1;
        midnight["measures"]![3]!["value"] = 0;
        Assert.Empty((await client.QueryAsync(Submit, new { i = midnight }))["submitSitrep"]!["errors"]!.AsArray());
        api.Time.SetUtcNow(new DateTimeOffset(2016, 4, 26, 23, 40, 0, TimeSpan.Zero));

        var dashboard = await DashboardAsync(client, incidentId, "2016-04-26T23:30:00Z");

        // Still the 26th in UTC, but the 27th in Cumbria: today holds only the 00:00 return, and the 26th closed at 12.
        Assert.Equal(1, (int)dashboard["postponed"]!["value"]!);
        Assert.Equal(13, (int)dashboard["postponed"]!["incidentToDate"]!);
        Assert.Equal([12, 1], dashboard["trend"]![0]!["points"]!.AsArray().Select(p => (int)p!["value"]!));
    }

    [Fact]
    public async Task ADashboardCostsTheSameSqlCommandsWhateverTheOrganisationsAndPeriods()
    {
        var small = await CommandsForASecondDashboardAsync(demo: false);
        var demo = await CommandsForASecondDashboardAsync(demo: true);

        Assert.Equal(small, demo);
        // The ledger's tail, the incident with its windows and participants (three), the latest returns' versions, the actions.
        Assert.InRange(demo, 1, 5);
    }

    [Fact]
    public async Task LookingAtTodaysDashboardFeedsTheOverdueReturnsGauge()
    {
        await using var scenario = await Scenario.StartAsync(Scenario.FirstPeriod.AddHours(1).AddMinutes(30));
        using var overdue = new MetricCollector<long>(
            scenario.Api.Services.GetRequiredService<IMeterFactory>(), ResilienceMetrics.MeterName, "resiliencehub.returns.overdue");

        await DashboardAsync(scenario.Client, scenario.IncidentId);
        overdue.RecordObservableInstruments();

        // 08:30Z: the 07:00Z and 08:00Z returns of all six participants are past due and none has come.
        var measurement = Assert.Single(overdue.GetMeasurementSnapshot());
        Assert.Equal(12, measurement.Value);
        Assert.Equal(Scenario.Reference, measurement.Tags["incident.reference"]);
    }

    [Theory]
    [InlineData("2016-04-29T00:00:00Z", "INVALID_ARGUMENT")]
    public async Task AnAsOfInTheFutureIsRefused(string asOf, string code)
    {
        await using var scenario = await Scenario.StartAsync();

        var response = await scenario.Client.PostGraphQLAsync(FullDashboard, new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture), asOf });

        Assert.Equal([code], response.ErrorCodes);
    }

    [Fact]
    public async Task AnUnknownMeasureInTheTrendIsRefusedByName()
    {
        await using var scenario = await Scenario.StartAsync();

        var response = await scenario.Client.PostGraphQLAsync(
            """query($id: ID!) { incident(id: $id) { dashboard { trend(codes: ["ED_PATIENTS_IN_DEPARTMENT", "NOPE"]) { points { value } } } } }""",
            new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(["INVALID_ARGUMENT"], response.ErrorCodes);
        Assert.Contains("NOPE", response.Errors![0]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsToAnotherIncidentAreWalkedOnceNotOnEveryDashboard()
    {
        await using var scenario = await Scenario.StartAsync();
        var id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await DashboardAsync(scenario.Client, id);
        var other = await scenario.Client.DeclareStrikeAsync(i => i["windows"] = new List<Dictionary<string, object?>>
        {
            IncidentMutationsClient.Window("2016-04-26", "08:00", "17:00"),
        });
        var input = Scenario.AcuteReturn(Ids.Parse((string)other["id"]!, NodeTypes.Incident)!.Value, scenario.Acute, Scenario.FirstPeriod);
        Assert.Empty((await scenario.Client.QueryAsync(Submit, new { i = input }))["submitSitrep"]!["errors"]!.AsArray());

        // The next dashboard reads the log's tail and finds nothing of its incident; the one after reads no tail.
        await DashboardAsync(scenario.Client, id);
        scenario.Api.Sql.Clear();
        await DashboardAsync(scenario.Client, id);

        Assert.DoesNotContain(scenario.Api.Sql.Commands, command => command.Contains("SitrepValues", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnActiveIncidentsLedgerIsLoadedAtStartSoItsFirstDashboardReadsNoHistory()
    {
        await using var api = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 27, 11, 30, 0, TimeSpan.Zero)).With("Dashboard:WarmUp", "true");
        using var client = api.CreateClient();
        // The load at start-up reads the demo incident's versions with their values.
        Assert.NotNull(await Eventually.FindAsync(() => api.Sql.Commands.FirstOrDefault(c => c.Contains("SitrepValues", StringComparison.Ordinal))));
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

        api.Sql.Clear();
        var dashboard = await DashboardAsync(client, id);

        Assert.Equal(7, dashboard["organisations"]!.AsArray().Count);
        Assert.DoesNotContain(api.Sql.Commands, command => command.Contains("SitrepValues", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLedgerKeepsOneCopyOfATextThatReturnsRepeatAndMeasuresInArraysOfTheirSize()
    {
        await using var scenario = await Scenario.StartAsync(new DateTimeOffset(2016, 4, 26, 9, 30, 0, TimeSpan.Zero));
        foreach (var hour in new[] { 0, 1 })
        {
            Assert.Empty((await scenario.Client.QueryAsync(Submit, new { i = scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(hour)) }))["submitSitrep"]!["errors"]!.AsArray());
        }

        var services = scenario.Api.Services;
        IncidentView incident;
        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            incident = (await IncidentQueries.ByIdsAsync(db, [scenario.IncidentId], TestContext.Current.CancellationToken))[scenario.IncidentId];
        }

        var ledger = await services.GetRequiredService<IncidentLedgers>().GetAsync(
            incident, await services.GetRequiredService<ReferenceDataCache>().GetAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        var (first, second) = (ledger.Of(scenario.Acute)[new ReturnIndex(0)].Current, ledger.Of(scenario.Acute)[new ReturnIndex(1)].Current);
        Assert.Equal(first.KeyIssues, second.KeyIssues);
        Assert.Same(first.KeyIssues, second.KeyIssues);
        Assert.Same(first.SubmittedBy, second.SubmittedBy);
        Assert.Equal([first.Measures.Count, second.Measures.Count], [((Array)first.Measures).Length, ((Array)second.Measures).Length]);
    }

    /// <summary>The scenario incident (six organisations, one return) or the demo (seven organisations, twenty periods of returns).</summary>
    private static async Task<int> CommandsForASecondDashboardAsync(bool demo)
    {
        var afterTheStrike = new DateTimeOffset(2016, 4, 28, 9, 0, 0, TimeSpan.Zero);
        // What is counted is the dashboard computed again, not an answer shared from the first.
        const string Computed = "GraphQL:ShareAnswers";
        if (!demo)
        {
            await using var scenario = await Scenario.StartAsync(afterTheStrike, api => api.With(Computed, "false"));
            await scenario.Client.QueryAsync(Submit, new { i = scenario.AcuteReturn(Scenario.FirstPeriod) });
            return await CountAsync(scenario.Api, scenario.Client, scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await using var api = new ApiFactory(demo: true, afterTheStrike).With(Computed, "false");
        using var client = api.CreateClient();
        return await CountAsync(api, client, (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!);
    }

    private static async Task<int> CountAsync(ApiFactory api, HttpClient client, string id)
    {
        await DashboardAsync(client, id);
        api.Sql.Clear();
        await DashboardAsync(client, id);
        return api.Sql.Commands.Count;
    }
}
