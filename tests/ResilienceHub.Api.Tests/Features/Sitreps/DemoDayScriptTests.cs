using System.Globalization;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Sitreps;

/// <summary>
/// The demo strike played through the front door as it happened: the director declares the
/// incident, then every return and every correction of the seed file is sent at its own minute,
/// and the API must hold exactly the versions and lateness the file describes.
/// </summary>
public sealed class DemoDayScriptTests
{
    private static readonly JsonNode Demo = JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "seeds", "demo", "junior-doctors-strike-2016.json")))!;

    [Fact]
    public async Task PlayingTheDemoDayThroughTheApiStoresEveryVersionAndStatusItDescribes()
    {
        await using var api = new ApiFactory(demo: false, now: new DateTimeOffset(2016, 4, 20, 9, 0, 0, TimeSpan.Zero));
        using var director = api.CreateClient();
        var incident = await director.DeclareStrikeAsync(input =>
        {
            input["reference"] = "SCRIPTED-DEMO-DAY";
            input["windows"] = new List<Dictionary<string, object?>>
            {
                IncidentMutationsClient.Window("2016-04-26", "08:00", "17:00"),
                IncidentMutationsClient.Window("2016-04-27", "08:00", "17:00"),
            };
        });
        var incidentId = (string)incident["id"]!;
        var organisations = (await director.QueryAsync("{ organisations { id odsCode } }"))["organisations"]!.AsArray()
            .ToDictionary(o => (string)o!["odsCode"]!, o => (string)o!["id"]!);

        var returns = Demo["returns"]!.AsArray().Select(r => r!).ToList();
        var events = returns.SelectMany((r, index) => new[] { (At: SubmittedAt(r, r), Return: index, Version: 1, Content: r) }
                .Concat((r["amendments"]?.AsArray() ?? []).Select((a, i) => (At: SubmittedAt(r, a!), Return: index, Version: i + 2, Content: a!))))
            .OrderBy(e => e.At).ThenBy(e => e.Version)
            .ToList();

        var sitrepIds = new Dictionary<int, string>();
        foreach (var (at, index, version, content) in events)
        {
            if (at > api.Time.GetUtcNow())
            {
                api.Time.SetUtcNow(at);
            }

            // Each return and correction is sent by its organisation's own reporter, under the name the file gives.
            using var reporter = api.CreateClientAs((string)content["submittedBy"]!, "REPORTER", (string)returns[index]["organisation"]!);
            var input = new JsonObject
            {
                ["opelLevel"] = (int)content["opelLevel"]!,
                ["criticalIncidentDeclared"] = (bool)content["criticalIncidentDeclared"]!,
                ["measures"] = new JsonArray([.. content["measures"]!.AsObject().Select(m => (JsonNode)new JsonObject { ["code"] = m.Key, ["value"] = (int)m.Value! })]),
                ["keyIssues"] = (string?)content["keyIssues"],
                ["mitigations"] = (string?)content["mitigations"],
                ["supportRequested"] = (string?)content["supportRequested"],
            };
            JsonNode payload;
            if (version == 1)
            {
                input["incidentId"] = incidentId;
                input["organisationId"] = organisations[(string)returns[index]["organisation"]!];
                input["periodStartsAt"] = Format(ReportInstant(returns[index]));
                payload = (await reporter.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code message } } }", new { i = input }))["submitSitrep"]!;
            }
            else
            {
                input["sitrepId"] = sitrepIds[index];
                input["expectedVersion"] = version - 1;
                input["reason"] = (string)content["reason"]!;
                payload = (await reporter.QueryAsync("mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id } errors { code message } } }", new { i = input }))["amendSitrep"]!;
            }

            Assert.True(payload["errors"]!.AsArray().Count == 0, $"{returns[index]["organisation"]} {returns[index]["reportAt"]} v{version}: {payload["errors"]!.ToJsonString()}");
            sitrepIds[index] = (string)payload["sitrep"]!["id"]!;
        }

        // Read back a page at a time: the whole incident with every version in one request is beyond the complexity limit.
        var byId = new Dictionary<string, JsonNode>();
        string? after = null;
        do
        {
            var page = (await director.QueryAsync("""
                query($id: ID!, $after: String) { incident(id: $id) { sitreps(first: 20, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
                  id late versions { version submittedAt submittedBy opelLevel criticalIncidentDeclared amendmentReason keyIssues measures { measure { code } value } }
                } } } } }
                """, new { id = incidentId, after }))["incident"]!["sitreps"]!;
            foreach (var edge in page["edges"]!.AsArray())
            {
                byId[(string)edge!["node"]!["id"]!] = edge["node"]!;
            }

            after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
        }
        while (after is not null);

        Assert.Equal(returns.Count, byId.Count);
        for (var index = 0; index < returns.Count; index++)
        {
            var expected = returns[index];
            var node = byId[sitrepIds[index]];
            var contents = new[] { expected }.Concat(expected["amendments"]?.AsArray().Select(a => a!) ?? []).ToList();
            var versions = node["versions"]!.AsArray();
            Assert.Equal((int)expected["submittedMinutesAfter"]! > 15, (bool)node["late"]!);
            Assert.Equal(contents.Count, versions.Count);
            for (var v = 0; v < contents.Count; v++)
            {
                var version = versions[v]!;
                Assert.Equal(v + 1, (int)version["version"]!);
                Assert.Equal(Format(SubmittedAt(expected, contents[v])), (string?)version["submittedAt"]);
                Assert.Equal((string?)contents[v]["submittedBy"], (string?)version["submittedBy"]);
                Assert.Equal((int)contents[v]["opelLevel"]!, (int)version["opelLevel"]!);
                Assert.Equal((string?)contents[v]["reason"], (string?)version["amendmentReason"]);
                Assert.Equal((string?)contents[v]["keyIssues"], (string?)version["keyIssues"]);
                Assert.Equal(
                    contents[v]["measures"]!.AsObject().Select(m => $"{m.Key}={(int)m.Value!}").Order(StringComparer.Ordinal),
                    version["measures"]!.AsArray().Select(m => $"{m!["measure"]!["code"]}={(int)m["value"]!}").Order(StringComparer.Ordinal));
            }
        }
    }

    // April 2016 is British Summer Time: local report times are one hour ahead of UTC.
    private static DateTime ReportInstant(JsonNode seededReturn) =>
        DateTime.SpecifyKind(DateTime.ParseExact((string)seededReturn["reportAt"]!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc).AddHours(-1);

    private static DateTime SubmittedAt(JsonNode seededReturn, JsonNode version) =>
        ReportInstant(seededReturn).AddMinutes((int)version["submittedMinutesAfter"]!);

    private static string Format(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
