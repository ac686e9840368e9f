using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Sitreps;

public sealed class SqliteSitrepQueryTests(DemoApi api) : SitrepQueryTests(api), IClassFixture<DemoApi>;

public sealed class SqlServerSitrepQueryTests(SqlServerDemoApi api) : SitrepQueryTests(api), IClassFixture<SqlServerDemoApi>;

/// <summary>Runs against both providers: SQLite here, SQL Server where Docker answers.</summary>
public abstract class SitrepQueryTests(DemoApi api)
{
    private const string PageQuery = """
        query($id: ID!, $first: Int, $after: String, $org: ID, $from: DateTime, $to: DateTime) {
          incident(id: $id) {
            sitreps(first: $first, after: $after, organisationId: $org, from: $from, to: $to) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges { cursor node {
                id version late submittedAt submittedBy opelLevel criticalIncidentDeclared keyIssues
                organisation { odsCode name } period { startsAt dueAt } incident { reference }
                measures { measure { code } value }
                postponed: value(code: "ELECTIVE_OPS_POSTPONED")
                versions { version amendmentReason opelLevel }
              } }
            }
          }
        }
        """;

    private static readonly JsonArray SeededReturns = JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "seeds", "demo", "junior-doctors-strike-2016.json")))!["returns"]!.AsArray();

    private async Task<string> IncidentIdAsync() =>
        (string)(await api.Client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

    private async Task<List<JsonNode>> AllPagesAsync(int pageSize, object? filter = null)
    {
        var id = await IncidentIdAsync();
        var nodes = new List<JsonNode>();
        string? after = null;
        while (true)
        {
            var data = await api.Client.QueryAsync(PageQuery, new { id, first = pageSize, after, org = (string?)filter?.GetType().GetProperty("org")?.GetValue(filter) });
            var connection = data["incident"]!["sitreps"]!;
            nodes.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!));
            if (!(bool)connection["pageInfo"]!["hasNextPage"]!)
            {
                return nodes;
            }

            after = (string?)connection["pageInfo"]!["endCursor"];
        }
    }

    [Fact]
    public async Task PagingWithCursorsReturnsEveryReturnOnceInPeriodOrder()
    {
        var nodes = await AllPagesAsync(pageSize: 33);

        Assert.Equal(SeededReturns.Count, nodes.Count);
        Assert.Equal(nodes.Count, nodes.Select(n => (string?)n["id"]).Distinct().Count());
        var starts = nodes.Select(n => (string)n["period"]!["startsAt"]!).ToList();
        Assert.Equal(starts.Order(StringComparer.Ordinal), starts);
    }

    [Fact]
    public async Task EachReturnShowsItsCurrentVersionWithEveryVersionOldestFirst()
    {
        var nodes = await AllPagesAsync(pageSize: 200);

        foreach (var seeded in SeededReturns)
        {
            var amendments = seeded!["amendments"]?.AsArray() ?? [];
            var current = amendments.Count > 0 ? amendments[^1]! : seeded;
            var node = nodes.Single(n => (string?)n["organisation"]!["odsCode"] == (string?)seeded["organisation"]
                && LocalReportTime((string)n["period"]!["startsAt"]!) == (string?)seeded["reportAt"]);

            Assert.Equal(amendments.Count + 1, (int)node["version"]!);
            Assert.Equal((int)current["opelLevel"]!, (int)node["opelLevel"]!);
            Assert.Equal((string?)current["keyIssues"], (string?)node["keyIssues"]);
            var expectedMeasures = current["measures"]!.AsObject().Select(m => (m.Key, (int)m.Value!)).OrderBy(m => m.Key);
            var actualMeasures = node["measures"]!.AsArray().Select(m => ((string)m!["measure"]!["code"]!, (int)m["value"]!)).OrderBy(m => m.Item1);
            Assert.Equal(expectedMeasures, actualMeasures);
            Assert.Equal(
                new[] { (string?)null }.Concat(amendments.Select(a => (string?)a!["reason"])),
                node["versions"]!.AsArray().Select(v => (string?)v!["amendmentReason"]));
            Assert.Equal(Enumerable.Range(1, amendments.Count + 1), node["versions"]!.AsArray().Select(v => (int)v!["version"]!));
            Assert.Equal((int)seeded["submittedMinutesAfter"]! > 15, (bool)node["late"]!);
        }
    }

    [Fact]
    public async Task TheConnectionFiltersByOrganisationAndPeriodRange()
    {
        var id = await IncidentIdAsync();
        var organisation = (await api.Client.QueryAsync("""{ organisation(odsCode: "RNL") { id } }"""))["organisation"]!["id"]!.ToString();

        var data = await api.Client.QueryAsync(PageQuery, new
        {
            id, first = 50, org = organisation, from = "2016-04-26T08:00:00Z", to = "2016-04-26T10:00:00+00:00",
        });

        var connection = data["incident"]!["sitreps"]!;
        Assert.Equal(3, (int)connection["totalCount"]!);
        Assert.All(connection["edges"]!.AsArray(), e => Assert.Equal("RNL", (string?)e!["node"]!["organisation"]!["odsCode"]));
        Assert.Equal(
            ["2016-04-26T08:00:00Z", "2016-04-26T09:00:00Z", "2016-04-26T10:00:00Z"],
            connection["edges"]!.AsArray().Select(e => (string?)e!["node"]!["period"]!["startsAt"]));
    }

    [Fact]
    public async Task AReturnIsReadByIdAsItsCurrentVersion()
    {
        var nodes = await AllPagesAsync(pageSize: 200);
        var amended = nodes.First(n => (int)n["version"]! > 1);

        var data = await api.Client.QueryAsync("query($id: ID!) { sitrep(id: $id) { id version amendmentReason versions { version } } }", new { id = (string?)amended["id"] });

        Assert.Equal((int)amended["version"]!, (int)data["sitrep"]!["version"]!);
        Assert.NotNull((string?)data["sitrep"]!["amendmentReason"]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public async Task APageSizeOutsideTheLimitIsRefused(int first)
    {
        var response = await api.Client.PostGraphQLAsync(PageQuery, new { id = await IncidentIdAsync(), first });

        Assert.Contains("INVALID_ARGUMENT", response.ErrorCodes);
    }

    [Fact]
    public async Task ACursorTheApiDidNotIssueIsRefused()
    {
        var response = await api.Client.PostGraphQLAsync(PageQuery, new { id = await IncidentIdAsync(), after = "not-a-cursor" });

        Assert.Contains("INVALID_ARGUMENT", response.ErrorCodes);
    }

    [Fact]
    public async Task ThePageCostsTheSameNumberOfSqlCommandsWhateverItsSize()
    {
        var id = await IncidentIdAsync();
        var log = api.Factory.Sql;
        // The first page also loads the reference data (organisations, groups, catalogue) once per API; whether an
        // earlier test of the class did so depends on the order the tests run in, so it is done here.
        await api.Client.QueryAsync(PageQuery, new { id, first = 1 });
        // Each page asked as a request never asked before, so that what is counted is its execution, not a shared answer.
        string Fresh() => $"{PageQuery} # {Guid.NewGuid()}";
        log.Clear();
        await api.Client.QueryAsync(Fresh(), new { id, first = 2 });
        var small = log.Commands.Count;
        log.Clear();
        await api.Client.QueryAsync(Fresh(), new { id, first = 140 });

        Assert.Equal(small, log.Commands.Count);
        Assert.InRange(small, 1, 6);
    }

    private static string LocalReportTime(string startsAtUtc) =>
        DateTime.Parse(startsAtUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)
            .AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
