using System.Net;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

public sealed class SitrepExportTests
{
    private const string Page = """
        query($id: ID!, $after: String) { incident(id: $id) { sitreps(first: 50, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { id version opelLevel late keyIssues supportRequested organisation { odsCode } period { startsAt } measures { measure { code } value } } } } } }
        """;

    [Fact]
    public async Task TheExportHasAHeaderAndOneRowPerReturnMatchingTheApi()
    {
        await using var api = new ApiFactory(demo: true);
        using var client = api.CreateClient();
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

        using var response = await client.GetAsync($"/incidents/{id}/sitreps.csv", TestContext.Current.CancellationToken);
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var header = rows[0];
        Assert.Equal(["incident", "ods_code", "organisation", "organisation_type", "period_starts_at"], header.Take(5));
        Assert.Contains("ELECTIVE_OPS_POSTPONED", header);
        Assert.Equal("amendment_reason", header[^1]);
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        var nodes = await AllReturnsAsync(client, id);
        Assert.Equal(nodes.Count, records.Count);
        Assert.All(records, record => Assert.Equal(header.Count, record.Count));
        foreach (var node in nodes)
        {
            var record = records.Single(r => r["sitrep_id"] == (string)node["id"]!);
            Assert.Equal((string?)node["organisation"]!["odsCode"], record["ods_code"]);
            Assert.Equal((string?)node["period"]!["startsAt"], record["period_starts_at"]);
            Assert.Equal(((int)node["version"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), record["version"]);
            Assert.Equal(((int)node["opelLevel"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), record["opel_level"]);
            Assert.Equal((bool)node["late"]! ? "true" : "false", record["late"]);
            Assert.Equal((string?)node["keyIssues"] ?? "", record["key_issues"]);
            foreach (var measure in node["measures"]!.AsArray())
            {
                Assert.Equal(((int)measure!["value"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), record[(string)measure["measure"]!["code"]!]);
            }
        }

        Assert.Contains(records, r => r["key_issues"].Contains(',', StringComparison.Ordinal) && r["key_issues"].Contains('"', StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryVersionCanBeExported()
    {
        await using var api = new ApiFactory(demo: true);
        using var client = api.CreateClient();
        var id = (string)(await client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

        var current = Csv.Parse(await client.GetStringAsync($"/incidents/{id}/sitreps.csv", TestContext.Current.CancellationToken));
        var all = Csv.Parse(await client.GetStringAsync($"/incidents/{id}/sitreps.csv?versions=all", TestContext.Current.CancellationToken));

        var versionColumn = all[0].IndexOf("version");
        var reasonColumn = all[0].IndexOf("amendment_reason");
        var amendments = all.Skip(1).Count(r => r[versionColumn] != "1");
        Assert.True(amendments > 0);
        Assert.Equal(current.Count + amendments, all.Count);
        Assert.All(all.Skip(1).Where(r => r[versionColumn] != "1"), r => Assert.NotEqual("", r[reasonColumn]));
    }

    [Fact]
    public async Task FreeTextWithCommasQuotesLineBreaksAndFormulasSurvivesTheExport()
    {
        await using var scenario = await Scenario.StartAsync();
        var input = scenario.AcuteReturn(Scenario.FirstPeriod);
        input["keyIssues"] = "ED full, \"black\" alert;\nsecond line";
        input["supportRequested"] = "=HYPERLINK(\"http://example.invalid\")";
        Assert.Empty((await scenario.Client.QueryAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = input }))["submitSitrep"]!["errors"]!.AsArray());

        var rows = Csv.Parse(await scenario.Client.GetStringAsync($"/incidents/{scenario.IncidentId}/sitreps.csv", TestContext.Current.CancellationToken));

        var record = rows[0].Zip(Assert.Single(rows.Skip(1))).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("ED full, \"black\" alert;\nsecond line", record["key_issues"]);
        // A spreadsheet would run this as a formula; the export marks it as text instead.
        Assert.Equal("'=HYPERLINK(\"http://example.invalid\")", record["support_requested"]);
    }

    [Theory]
    [InlineData("/incidents/4242/sitreps.csv", HttpStatusCode.NotFound)]
    [InlineData("/incidents/abc/sitreps.csv", HttpStatusCode.NotFound)]
    [InlineData("/incidents/1/sitreps.csv?versions=some", HttpStatusCode.BadRequest)]
    public async Task AnUnknownIncidentOrVersionChoiceIsRefused(string path, HttpStatusCode status)
    {
        await using var api = new ApiFactory(demo: true);
        using var client = api.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task TheExportIsRefusedToAnyoneWithoutARole()
    {
        await using var api = new ApiFactory(demo: true);
        using var anonymous = api.CreateAnonymousClient();
        using var viewer = api.CreateClient("VIEWER");

        using var refused = await anonymous.GetAsync("/incidents/1/sitreps.csv", TestContext.Current.CancellationToken);
        using var allowed = await viewer.GetAsync("/incidents/1/sitreps.csv", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static async Task<List<JsonNode>> AllReturnsAsync(HttpClient client, string id)
    {
        var nodes = new List<JsonNode>();
        string? after = null;
        do
        {
            var connection = (await client.QueryAsync(Page, new { id, after }))["incident"]!["sitreps"]!;
            nodes.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!));
            after = (bool)connection["pageInfo"]!["hasNextPage"]! ? (string?)connection["pageInfo"]!["endCursor"] : null;
        }
        while (after is not null);

        return nodes;
    }
}
