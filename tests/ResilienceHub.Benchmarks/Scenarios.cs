using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Benchmarks.Data;
using ResilienceHub.Benchmarks.Running;

namespace ResilienceHub.Benchmarks;

/// <summary>One load: a wrk script, its connections, and what it needs prepared (data files, a fresh incident) first.</summary>
internal sealed record Scenario(string Name, string Script, int Connections, bool Writes, Func<CancellationToken, Task<IReadOnlyList<string>>> PrepareAsync)
{
    /// <summary>A scenario still waiting for its feature; listed in the table so the gap is visible.</summary>
    public string? PendingReason { get; init; }
}

/// <summary>The scenarios of issue 8 that the API can serve today, and placeholders for the rest.</summary>
internal sealed class Scenarios(ApiServer api, NationalIncident national, string scriptsDirectory, string workDirectory, TimeSpan duration) : IDisposable
{
    private const string PagePlaceholder = "@@FROM@@";
    private const string PeriodPlaceholder = "@@PERIOD@@";
    private const string KeyPlaceholder = "@@KEY@@";

    /// <summary>Fresh incidents' report days start here, well after the national incident; their returns are all late, which is accepted.</summary>
    private static readonly DateOnly FreshFirstDate = new(2016, 6, 1);

    private readonly HttpClient _client = new() { BaseAddress = api.BaseAddress };
    private int _freshIncidents;

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

        // PENDING (issue 8, part 2): Incident.dashboard is being written on its own branch. When it lands, add
        // scripts/dashboard.lua (every field of Dashboard) and the scenarios below, then the growth table
        // (1, 7, 14 days; 30, 100, 300 organisations), which Program runs by regenerating the data at each size.
        const string pending = "pending: Incident.dashboard has not landed";
        yield return Pending("Dashboard, every field, national incident", 1, pending);
        yield return Pending("Dashboard, every field, national incident", 8, pending);
        yield return Pending("Dashboard, every field, North Cumbria demo incident", 8, pending);
        yield return Pending("Dashboard while submitSitrep runs (read/write mix)", 8, pending);
    }

    public IEnumerable<Scenario> WarmUps()
    {
        yield return Baseline;
        yield return SitrepPage(8);
        yield return SubmitSitrep(8);
    }

    private Scenario SitrepPage(int connections) => new(
        "Sitrep page of 50 with measures, national incident", Script("sitrep-page.lua"), connections, false, async _ =>
        {
            var path = Path.Combine(workDirectory, "sitrep-page.data.lua");
            if (!File.Exists(path))
            {
                new LuaData()
                    .Set("page", Templates.Split(new { query = PageQuery, variables = new { id = Id(national.IncidentId), from = PagePlaceholder } }, PagePlaceholder))
                    .Set("periods", national.Schedule.Periods.Select(p => Instant(p.StartsAt)))
                    .WriteTo(path);
            }

            return await Task.FromResult<IReadOnlyList<string>>([path]);
        });

    private Scenario SubmitSitrep(int connections) => new(
        "submitSitrep, fresh periods", Script("submit-sitrep.lua"), connections, true, async cancellationToken =>
        {
            var (incidentId, schedule) = await DeclareFreshIncidentAsync(cancellationToken);
            var path = Path.Combine(workDirectory, $"submit-{incidentId}.data.lua");
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
                .Set("periods", schedule.Periods.Select(p => Instant(p.StartsAt)))
                .Set("key_prefix", $"bench-{Id(incidentId)}-")
                .WriteTo(path);
            return [path, Wrk.ThreadsFor(connections).ToString(CultureInfo.InvariantCulture)];
        });

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
        return (int.Parse(id, CultureInfo.InvariantCulture), new ReportingSchedule("Europe/London", 60, 15, windows));
    }

    public void Dispose() => _client.Dispose();

    private static Scenario Pending(string name, int connections, string reason) =>
        new(name, "", connections, false, NothingToPrepare) { PendingReason = reason };

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
