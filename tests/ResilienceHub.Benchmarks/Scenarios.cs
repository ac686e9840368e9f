using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Benchmarks.Data;
using ResilienceHub.Benchmarks.Running;

namespace ResilienceHub.Benchmarks;

/// <summary>One load: a wrk script, its connections, and what it needs prepared (data files, a fresh incident) first.</summary>
internal sealed record Scenario(string Name, string Script, int Connections, bool Writes, Func<CancellationToken, Task<IReadOnlyList<string>>> PrepareAsync)
{
    /// <summary>A second load run at the same time by its own wrk process (a read/write mix); reported as its own row.</summary>
    public Scenario? Alongside { get; init; }
}

/// <summary>The first request of a dashboard, which loads the incident's ledger from the database, and what it answered.</summary>
internal sealed record DashboardWarmUp(string Name, TimeSpan First, TimeSpan Second, int Organisations, long ResponseBytes);

/// <summary>The scenarios of the run, in the order the table lists them.</summary>
internal sealed class Scenarios(ApiServer api, NationalIncident national, string scriptsDirectory, string workDirectory, TimeSpan duration) : IDisposable
{
    private const string PagePlaceholder = "@@FROM@@";
    private const string PeriodPlaceholder = "@@PERIOD@@";
    private const string KeyPlaceholder = "@@KEY@@";

    /// <summary>Fresh incidents' report days start here, well after the national incident; their returns are all late, which is accepted.</summary>
    private static readonly DateOnly FreshFirstDate = new(2016, 6, 1);

    private const string DemoReference = "NCSRG-2016-04-JDIA";

    private readonly HttpClient _client = new()
    {
        BaseAddress = api.BaseAddress,
        Timeout = TimeSpan.FromMinutes(2),
        DefaultRequestHeaders = { Authorization = new("Bearer", ApiServer.DirectorToken()) },
    };
    private int _freshIncidents;
    private int _nationalSubmissions;
    private int? _demoIncidentId;

    public Scenario Baseline => new("`{ __typename }` POST (baseline)", Script("graphql-typename.lua"), 8, false, NothingToPrepare);

    public IEnumerable<Scenario> All()
    {
        yield return Baseline;
        yield return new("`/health/live` GET", Script("health-live.lua"), 8, false, NothingToPrepare);
        yield return SitrepPage(1);
        yield return SitrepPage(8);
        yield return SubmitSitrep(1);
        yield return SubmitSitrep(8);
        yield return SubmitSitrep(16);

        yield return NationalDashboard(1);
        yield return NationalDashboard(8);
        yield return NationalDashboard(8, Report.NationalUncompressedName, compressed: false);
        yield return DemoDashboard(16);
        yield return NationalDashboard(8, Report.NationalWhileWritingName) with
        {
            Alongside = SubmitToNational(8, "submitSitrep into the national incident's open periods, while the dashboard is read"),
        };
    }

    public IEnumerable<Scenario> WarmUps()
    {
        yield return Baseline;
        yield return SitrepPage(8);
        yield return SubmitSitrep(8);
        yield return NationalDashboard(8);
        yield return DemoDashboard(8);
    }

    /// <summary>
    /// The national incident at <see cref="NationalIncident.DashboardAsOf"/>: every organisation with its latest return,
    /// measures and versions, the totals, compliance, alerts, changes, and a trend of two measures over the history.
    /// </summary>
    /// <param name="compressed">Gzip accepted, as a browser does; else the answer's bytes are taken as they are.</param>
    public Scenario NationalDashboard(int connections, string name = Report.NationalDashboardName, bool compressed = true) => new(
        name, Script("dashboard.lua"), connections, false, _ => DashboardData("national", national.IncidentId, national.DashboardAsOf, compressed));

    /// <summary>The seeded North Cumbria demo incident at <see cref="DemoAsOf"/>, inside the second day of the strike.</summary>
    public Scenario DemoDashboard(int connections) => new(
        Report.DemoDashboardName, Script("dashboard.lua"), connections, false,
        async cancellationToken => await DashboardData("demo", await DemoIncidentIdAsync(cancellationToken), DemoAsOf));

    /// <summary>Mid-morning of the strike's second day: the same instant DashboardTests checks the demo at.</summary>
    public static readonly DateTime DemoAsOf = new(2016, 4, 27, 11, 30, 0, DateTimeKind.Utc);

    /// <summary>Asks for each dashboard once, as the first reader after start-up does, and checks it answered every organisation.</summary>
    public async Task<IReadOnlyList<DashboardWarmUp>> WarmDashboardsAsync(CancellationToken cancellationToken)
    {
        var demoId = await DemoIncidentIdAsync(cancellationToken);
        return
        [
            await WarmDashboardAsync("national incident", "national", national.IncidentId, national.DashboardAsOf, national.Organisations.Count, cancellationToken),
            await WarmDashboardAsync("North Cumbria demo incident", "demo", demoId, DemoAsOf, null, cancellationToken),
        ];
    }

    private async Task<DashboardWarmUp> WarmDashboardAsync(
        string name, string file, int incidentId, DateTime asOf, int? organisations, CancellationToken cancellationToken)
    {
        var body = DashboardBody(incidentId, asOf);
        var clock = Stopwatch.StartNew();
        var (first, bytes, text) = await PostAsync(body, cancellationToken);
        var firstElapsed = clock.Elapsed;
        clock.Restart();
        await PostAsync(body, cancellationToken);
        var secondElapsed = clock.Elapsed;
        var answered = first["data"]?["incident"]?["dashboard"]?["organisations"]?.AsArray().Count
            ?? throw new InvalidOperationException($"The {name}'s dashboard did not answer: {first.ToJsonString()[..Math.Min(2000, first.ToJsonString().Length)]}");
        if (first["errors"] is not null || (organisations is { } expected && answered != expected))
        {
            throw new InvalidOperationException($"The {name}'s dashboard answered {answered} organisation(s) or errors: {first["errors"]?.ToJsonString()}");
        }

        // Kept as answered, so that two builds' answers can be compared byte for byte (named by size: growth asks too).
        var answer = $"dashboard-{file}-{national.Organisations.Count}-organisations-asof-{national.DashboardAsOf:yyyyMMdd'T'HHmm}.json";
        await File.WriteAllBytesAsync(Path.Combine(workDirectory, answer), text, cancellationToken);
        return new DashboardWarmUp(name, firstElapsed, secondElapsed, answered, bytes);
    }

    private async Task<(JsonNode Body, long Bytes, byte[] Text)> PostAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/graphql", UriKind.Relative), content, cancellationToken);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (JsonNode.Parse(text)!, text.LongLength, text);
    }

    private async Task<int> DemoIncidentIdAsync(CancellationToken cancellationToken)
    {
        if (_demoIncidentId is { } known)
        {
            return known;
        }

        var (body, _, _) = await PostAsync(JsonSerializer.Serialize(new { query = "{ incidents { id reference } }" }), cancellationToken);
        var id = body["data"]?["incidents"]?.AsArray().FirstOrDefault(i => (string?)i?["reference"] == DemoReference)?["id"]
            ?? throw new InvalidOperationException($"The demo incident {DemoReference} was not seeded: {body.ToJsonString()}");
        _demoIncidentId = Ids.Parse((string?)id, NodeTypes.Incident)!.Value;
        return _demoIncidentId.Value;
    }

    private async Task<IReadOnlyList<string>> DashboardData(string name, int incidentId, DateTime asOf, bool compressed = true)
    {
        var path = Path.Combine(workDirectory, $"dashboard-{name}.data.lua");
        new LuaData().Set("body", DashboardBody(incidentId, asOf)).WriteTo(path);
        return await Task.FromResult<IReadOnlyList<string>>(compressed ? [path] : [path, "identity"]);
    }

    private static string DashboardBody(int incidentId, DateTime asOf) =>
        JsonSerializer.Serialize(new { query = DashboardQuery, variables = new { id = Id(incidentId), asOf = Instant(asOf) } });

    private Scenario SitrepPage(int connections) => new(
        "Sitrep page of 50 with measures, national incident", Script("sitrep-page.lua"), connections, false, async _ =>
        {
            var path = Path.Combine(workDirectory, "sitrep-page.data.lua");
            if (!File.Exists(path))
            {
                new LuaData()
                    .Set("page", Templates.Split(new { query = PageQuery, variables = new { id = Id(national.IncidentId), from = PagePlaceholder } }, PagePlaceholder))
                    .Set("periods", national.History.Select(p => Instant(p.StartsAt)))
                    .WriteTo(path);
            }

            return await Task.FromResult<IReadOnlyList<string>>([path]);
        });

    private Scenario SubmitSitrep(int connections) => new(
        "submitSitrep, fresh periods", Script("submit-sitrep.lua"), connections, true, async cancellationToken =>
        {
            var (incidentId, schedule) = await DeclareFreshIncidentAsync(cancellationToken);
            return SubmitData($"submit-{incidentId}", incidentId, schedule.Periods, connections);
        });

    /// <summary>Returns for the national incident's open periods (after its history), so the dashboard's ledger has a tail to fold in.</summary>
    private Scenario SubmitToNational(int connections, string name) => new(
        name, Script("submit-sitrep.lua"), connections, true,
        _ => Task.FromResult(SubmitData($"submit-national-{++_nationalSubmissions}", national.IncidentId, national.Open, connections)));

    private IReadOnlyList<string> SubmitData(string name, int incidentId, IEnumerable<ReportingPeriod> periods, int connections)
    {
        var path = Path.Combine(workDirectory, $"{name}.data.lua");
        new LuaData()
            .Set("organisations", national.Organisations.Select(o => Templates.Split(new
            {
                query = SubmitMutation,
                variables = new
                {
                    input = new
                    {
                        incidentId = Id(incidentId),
                        organisationId = Id(o.Id),
                        periodStartsAt = PeriodPlaceholder,
                        opelLevel = 2,
                        criticalIncidentDeclared = false,
                        measures = national.Catalogue.ValidValues(o.Type).Select(v => new { code = v.Measure.Code, value = v.Value }),
                        keyIssues = "Benchmark return: flow maintained.",
                        idempotencyKey = KeyPlaceholder,
                    },
                },
            }, PeriodPlaceholder, KeyPlaceholder)))
            .Set("periods", periods.Select(p => Instant(p.StartsAt)))
            .Set("key_prefix", $"bench-{name}-")
            .WriteTo(path);
        return [path, Wrk.ThreadsFor(connections).ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>
    /// Declares, through the API, an incident of the national group whose report days are all past and have no
    /// returns: enough (organisation, period) slots for the fastest plausible run. Future periods would be
    /// refused (PERIOD_NOT_OPEN) until they open, so past ones are the fresh ones a load can use.
    /// </summary>
    private async Task<(int Id, ReportingSchedule Schedule)> DeclareFreshIncidentAsync(CancellationToken cancellationToken)
    {
        const int fastestPlausiblePerSecond = 5000;
        var slots = fastestPlausiblePerSecond * (int)Math.Ceiling(duration.TotalSeconds);
        var days = (int)Math.Ceiling(slots / (double)national.Organisations.Count / 24) + 1;
        var windows = Enumerable.Range(0, days).Select(d => new ReportingWindow(FreshFirstDate.AddDays(d), new TimeOnly(0, 0), new TimeOnly(23, 0))).ToList();
        var input = new
        {
            reference = $"BENCH-FRESH-{++_freshIncidents}",
            title = "Synthetic incident with fresh periods for submission benchmarks",
            groupId = Id(national.GroupId),
            timeZone = "Europe/London",
            cadenceMinutes = 60,
            graceMinutes = 15,
            kind = "EXERCISE",
            windows = windows.Select(w => new { date = w.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), firstReportAt = "00:00", lastReportAt = "23:00" }),
        };
        using var response = await _client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query = DeclareMutation, variables = new { input } }, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        var id = (string?)body["data"]?["declareIncident"]?["incident"]?["id"]
            ?? throw new InvalidOperationException($"declareIncident was refused: {body.ToJsonString()}");
        return (Ids.Parse(id, NodeTypes.Incident)!.Value, new ReportingSchedule("Europe/London", 60, 15, windows));
    }

    public void Dispose() => _client.Dispose();

    private static Task<IReadOnlyList<string>> NothingToPrepare(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    private string Script(string name) => Path.Combine(scriptsDirectory, name);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private const string PageQuery = """
        query SitrepPage($id: ID!, $from: DateTime) {
          incident(id: $id) {
            sitreps(first: 50, from: $from) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges {
                cursor
                node {
                  id version currentVersion submittedAt submittedBy late opelLevel criticalIncidentDeclared
                  keyIssues supportRequested
                  organisation { odsCode name type }
                  period { startsAt dueAt }
                  measures { measure { code unit } value }
                }
              }
            }
          }
        }
        """;

    /// <summary>Every field of Dashboard, the director's screen: the query the dashboard tests send (tests/queries).</summary>
    private static readonly string DashboardQuery = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "queries", "full-dashboard.graphql"));

    private const string SubmitMutation = """
        mutation Submit($input: SubmitSitrepInput!) {
          submitSitrep(input: $input) { sitrep { id version late } errors { code field } }
        }
        """;

    private const string DeclareMutation = """
        mutation Declare($input: DeclareIncidentInput!) {
          declareIncident(input: $input) { incident { id } errors { code message field } }
        }
        """;
}
