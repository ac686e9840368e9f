using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>What a trust's integration engineer gets wrong first, each answered with the field, the rule and the fix.</summary>
public sealed class CarelessInputProbes : IAsyncLifetime
{
    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync();

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private static string Message(GraphQLResponse response, int index = 0) => (string)response.Errors![index]!["message"]!;

    [Fact]
    public async Task AnInstantWithoutAnOffsetIsToldToAddZOrTheOffset()
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["periodStartsAt"] = "2016-04-26T07:00:00";

        var response = await _scenario.Client.PostGraphQLAsync(Submit, new { input });

        Assert.Equal(["INVALID_VALUE"], response.ErrorCodes);
        Assert.Contains("'$input.periodStartsAt'", Message(response), StringComparison.Ordinal);
        Assert.Contains("has no time zone offset", Message(response), StringComparison.Ordinal);
        Assert.Contains("add Z for UTC (e.g. 2016-04-26T07:00:00Z)", Message(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOdsCodeSentAsAnOrganisationIdIsToldTheIdToSendAndHowToFindIt()
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["organisationId"] = "RNL";

        var errors = (await _scenario.Client.QueryAsync(Submit, new { input }))["submitSitrep"]!["errors"]!.AsArray();

        var error = Assert.Single(errors);
        Assert.Equal("ORGANISATION_NOT_FOUND", (string?)error!["code"]);
        Assert.Contains($"'RNL' is the ODS code of", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains($"whose id is {_scenario.Acute}", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("organisation(odsCode: \"RNL\") { id }", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltFieldIsUnknownWithTheNearestNameNotTheFieldItReplacedMissing()
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["periodStartAt"] = input["periodStartsAt"]!.DeepClone();
        input.Remove("periodStartsAt");
        input["measures"]![0]!.AsObject()["valeu"] = 3;

        var response = await _scenario.Client.PostGraphQLAsync(Submit, new { input });

        Assert.Contains("UNKNOWN_INPUT_FIELD", response.ErrorCodes);
        Assert.Contains(response.Errors!, e => ((string?)e!["message"])!.Contains("has no field 'periodStartAt'; did you mean 'periodStartsAt'?", StringComparison.Ordinal));
        Assert.Contains(response.Errors!, e => ((string?)e!["message"])!.Contains("'$input.measures[0].valeu'", StringComparison.Ordinal));
        // Every problem at once, each with its path inside the variable.
        Assert.Contains(response.Errors!, e => e!["extensions"]!["field"]!.AsArray().Select(f => (string?)f).SequenceEqual(["measures", "0", "valeu"]));
    }

    [Theory]
    [InlineData("keyIssues", "ED full\u202Eserif ton")]
    [InlineData("mitigations", "Escalated\u0007")]
    [InlineData("supportRequested", "\u2066hidden\u2069 ask")]
    public async Task ControlAndBidirectionalCharactersInFreeTextAreRefusedNamingTheField(string field, string text)
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input[field] = text;

        var errors = (await _scenario.Client.QueryAsync(
            "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { errors { code field } } }", new { input }))["submitSitrep"]!["errors"]!.AsArray();

        var error = Assert.Single(errors);
        Assert.Equal(("INVALID_CHARACTER", field), ((string?)error!["code"], (string?)error["field"]![0]));
        Assert.Equal(0, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
    }

    [Fact]
    public async Task LineBreaksInFreeTextAreKept()
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["keyIssues"] = "ED full.\r\nTwo wards closed.\tEscalated.";

        var sitrep = (await _scenario.Client.QueryAsync("mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { keyIssues } errors { code } } }", new { input }))["submitSitrep"]!;

        Assert.Empty(sitrep["errors"]!.AsArray());
        Assert.Equal("ED full.\r\nTwo wards closed.\tEscalated.", (string?)sitrep["sitrep"]!["keyIssues"]);
    }

    [Fact]
    public async Task AnotherOrganisationsIdempotencyKeyIsNeitherReplayedNorUsedUp()
    {
        using var rnn = _scenario.Api.CreateClientAs("Flow coordinator, RNN", "REPORTER", "RNN");
        var rnnReturn = Scenario.AcuteReturn(_scenario.IncidentId, _scenario.Organisations["RNN"], Scenario.FirstPeriod, "0700-return");
        rnnReturn["measures"] = new System.Text.Json.Nodes.JsonArray([.. new Dictionary<string, int>
        {
            ["DELAYED_DISCHARGES"] = 12, ["COMMUNITY_BEDS_OPEN"] = 80, ["COMMUNITY_BEDS_OCCUPIED"] = 70, ["COMMUNITY_APPTS_PLANNED"] = 300, ["COMMUNITY_APPTS_POSTPONED"] = 20,
        }.Select(m => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["code"] = m.Key, ["value"] = m.Value })]);

        var rnl = (await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod, "0700-return") }))["submitSitrep"]!;
        var own = (await rnn.QueryAsync(Submit, new { input = rnnReturn }))["submitSitrep"]!;

        Assert.Empty(rnl["errors"]!.AsArray());
        Assert.Empty(own["errors"]!.AsArray());
        Assert.NotEqual((string?)rnl["sitrep"]!["id"], (string?)own["sitrep"]!["id"]);
        Assert.Equal(2, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync(v => v.IdempotencyKey == "0700-return")));
    }
}
