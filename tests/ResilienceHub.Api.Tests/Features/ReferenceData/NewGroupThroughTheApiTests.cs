using System.Globalization;
using System.Text.Json.Nodes;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.ReferenceData;

/// <summary>A second group set up on a running deployment through the API alone, from its organisations to its first return.</summary>
public sealed class NewGroupThroughTheApiTests : IAsyncLifetime
{
    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync();

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private HttpClient As(string role, string[] groups, params string[] organisations) =>
        ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token($"{role} of {string.Join('+', groups)}", [role], organisations, groups));

    [Fact]
    public async Task AGroupSetUpThroughTheApiDeclaresItsOwnIncidentWhichItsPeopleSeeAndNorthCumbriasDoNot()
    {
        using var regionalAdmin = Admin(_scenario.Api, "*");
        // Its organisations, its group and a measure of its own, as an administrator of every group sets them up.
        var trust = await regionalAdmin.SavedAsync(SaveOrganisation, Organisation("RXN", "Lancashire Teaching Hospitals NHS Foundation Trust"));
        var blackpool = await regionalAdmin.SavedAsync(SaveOrganisation, Organisation("RXL", "Blackpool Teaching Hospitals NHS Foundation Trust"));
        var ooh = await regionalAdmin.SavedAsync(SaveOrganisation, new() { ["odsCode"] = "LOCAL-LSC-OOH", ["name"] = "Lancashire GP out of hours", ["type"] = "GP_OUT_OF_HOURS", ["localIdentifier"] = true });
        var group = await regionalAdmin.SavedAsync(SaveGroup, Group("LSC", "Lancashire and South Cumbria", (string)trust["id"]!, (string)blackpool["id"]!, (string)ooh["id"]!));
        var corridor = Measure();
        corridor["requiredFor"] = new[] { "ACUTE_TRUST" };
        await regionalAdmin.SavedAsync(SaveMeasure, corridor);

        // Its own administrator keeps it from then on.
        using var groupAdmin = As("ADMIN", ["LSC"]);
        await groupAdmin.SavedAsync(SaveOrganisation, Organisation("RXL", "Blackpool Teaching Hospitals NHS Foundation Trust (Victoria Hospital)"));

        // Its director declares an incident today, 08:00 to 17:00 local: the 08:00 return (07:00Z) is open now, at 07:30Z.
        using var director = As("DIRECTOR", ["LSC"]);
        var groupId = (string)Assert.Single((await director.QueryAsync("{ resilienceGroups { id code } }"))["resilienceGroups"]!.AsArray())!["id"]!;
        Assert.Equal((string?)group["id"], groupId);
        var input = IncidentMutationsClient.StrikeInput(groupId, "LSC-2016-04-JDIA");
        input["windows"] = new List<Dictionary<string, object?>> { IncidentMutationsClient.Window("2016-04-26", "08:00", "17:00") };
        var incident = await director.DeclareAsync(input);
        Assert.Empty(incident["errors"]!.AsArray());
        var id = (string)incident["incident"]!["id"]!;
        Assert.Equal(["LOCAL-LSC-OOH", "RXL", "RXN"], (await director.QueryAsync($"{{ incident(id: \"{id}\") {{ participants {{ odsCode }} }} }}"))["incident"]!["participants"]!.AsArray().Select(p => (string?)p!["odsCode"]).Order());

        // Its trust reports, with the new measure it is now asked for.
        using var reporter = As("REPORTER", [], "RXN");
        var asked = (await reporter.QueryAsync("{ measures(organisationType: ACUTE_TRUST) { code } }"))["measures"]!.AsArray().Select(m => (string?)m!["code"]);
        Assert.Contains("CORRIDOR_CARE_PATIENTS", asked);
        var sitrep = Scenario.AcuteReturn(Ids.Parse(id, NodeTypes.Incident)!.Value, Ids.Parse((string)trust["id"]!, NodeTypes.Organisation)!.Value, Scenario.FirstPeriod);
        var refused = (await reporter.QueryAsync(Submit, new { input = sitrep }))["submitSitrep"]!["errors"]!.AsArray();
        sitrep["measures"]!.AsArray().Add(new JsonObject { ["code"] = "CORRIDOR_CARE_PATIENTS", ["value"] = 6 });
        var accepted = (await reporter.QueryAsync(Submit, new { input = sitrep }))["submitSitrep"]!;
        Assert.Equal("REQUIRED_MEASURE_MISSING", (string?)Assert.Single(refused)!["code"]);
        Assert.Empty(accepted["errors"]!.AsArray());

        // Its director and its viewers see it; North Cumbria's director and viewers neither list it nor find it by id.
        foreach (var (who, sees) in new[] { (director, true), (As("VIEWER", ["LSC"]), true), (As("DIRECTOR", ["NCSRG"]), false), (As("VIEWER", ["NCSRG"]), false), (reporter, true) })
        {
            var read = await who.QueryAsync($"{{ incidents {{ reference }} incident(id: \"{id}\") {{ reference dashboard {{ organisations {{ organisation {{ odsCode }} }} }} }} }}");
            Assert.Equal(sees, read["incidents"]!.AsArray().Any(i => (string?)i!["reference"] == "LSC-2016-04-JDIA"));
            Assert.Equal(sees, read["incident"] is not null);
        }

        using var northCumbria = As("DIRECTOR", ["NCSRG"]);
        var theirs = await northCumbria.QueryAsync("{ incidents { reference } resilienceGroups { code } }");
        Assert.Equal([Scenario.Reference], theirs["incidents"]!.AsArray().Select(i => (string?)i!["reference"]));
        Assert.Equal(["NCSRG"], theirs["resilienceGroups"]!.AsArray().Select(g => (string?)g!["code"]));
    }
}
