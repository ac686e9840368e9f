using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Sitreps;

/// <summary>Sign-off of returns and nil returns, through HTTP: the dashboards worked by hand, every refusal, who may sign off.</summary>
public sealed class SignOffTests : IAsyncLifetime
{
    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id version nil signedOffAt signedOffBy } errors { code message field } } }";
    private const string Amend = "mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id version nil signedOffAt signedOffBy } errors { code message field } } }";
    private const string SignOff = "mutation($id: ID!, $v: Int!) { signOffSitrep(sitrepId: $id, version: $v) { sitrep { id version signedOffAt signedOffBy } errors { code message field } } }";

    private const string Dashboard = """
        query($id: ID!, $asOf: DateTime) { incident(id: $id) { requiresSignOff dashboard(asOf: $asOf) {
          compliance { expected onTime late overdue percentOnTime signedOff awaitingSignOff nil }
          organisations { organisation { odsCode } awaitingSignOff latest { version currentVersion nil signedOffAt signedOffBy late
            measures { measure { code } value } versions { version signedOffAt } } }
          totals { measure { code } value incidentToDate reportingOrganisations awaitingSignOff }
        } } }
        """;

    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync()
    {
        // 07:00Z is the first report time (08:00 BST); its return opens at 06:45Z and is due at 07:15Z.
        _scenario = await Scenario.StartAsync(Scenario.FirstPeriod);
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private static readonly string[] EveryParticipant = ["RNL", "RNN", "01H", "RX7", "LOCAL-NWAS111", "LOCAL-CHOC"];
    private static readonly string[] FirstFour = ["RNL", "RNN", "01H", "RX7"];

    private Task<int> RequireSignOffAsync() => _scenario.CountAsync(db => db.Incidents.Where(i => i.Id == _scenario.IncidentId)
        .ExecuteUpdateAsync(u => u.SetProperty(i => i.RequiresSignOff, true), TestContext.Current.CancellationToken));

    private void At(int hour, int minute) => _scenario.Api.Time.SetUtcNow(new DateTimeOffset(2016, 4, 26, hour, minute, 0, TimeSpan.Zero));

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private JsonObject NilReturn(string ods, DateTime period, int opel = 1) => new()
    {
        ["incidentId"] = Id(_scenario.IncidentId),
        ["organisationId"] = Id(_scenario.Organisations[ods]),
        ["periodStartsAt"] = period.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["opelLevel"] = opel,
        ["criticalIncidentDeclared"] = false,
        ["measures"] = new JsonArray(),
        ["nil"] = true,
    };

    private JsonObject CommissionerReturn(DateTime period, int calls, int mutualAid) => new()
    {
        ["incidentId"] = Id(_scenario.IncidentId),
        ["organisationId"] = Id(_scenario.Organisations["01H"]),
        ["periodStartsAt"] = period.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["opelLevel"] = 2,
        ["criticalIncidentDeclared"] = false,
        ["measures"] = new JsonArray(
            new JsonObject { ["code"] = "ESCALATION_CALLS_HANDLED", ["value"] = calls },
            new JsonObject { ["code"] = "MUTUAL_AID_REQUESTS_OPEN", ["value"] = mutualAid }),
    };

    private static JsonObject Amendment(JsonObject submitted, string sitrepId, int expectedVersion, string reason)
    {
        var amendment = (JsonObject)submitted.DeepClone();
        foreach (var name in new[] { "incidentId", "organisationId", "periodStartsAt" })
        {
            amendment.Remove(name);
        }

        amendment["sitrepId"] = sitrepId;
        amendment["expectedVersion"] = expectedVersion;
        amendment["reason"] = reason;
        return amendment;
    }

    private static async Task<JsonNode> AcceptedAsync(HttpClient client, string query, object variables, string payload)
    {
        var answer = (await client.QueryAsync(query, variables))[payload]!;
        Assert.True(answer["errors"]!.AsArray().Count == 0, answer.ToJsonString());
        return answer["sitrep"]!;
    }

    private async Task<JsonNode> DashboardAsync(string? asOf = null) =>
        (await _scenario.Client.QueryAsync(Dashboard, new { id = Id(_scenario.IncidentId), asOf }))["incident"]!;

    private static JsonNode Organisation(JsonNode dashboard, string ods) =>
        dashboard["organisations"]!.AsArray().Single(o => (string?)o!["organisation"]!["odsCode"] == ods)!;

    private static JsonNode Total(JsonNode dashboard, string code) =>
        dashboard["totals"]!.AsArray().Single(t => (string?)t!["measure"]!["code"] == code)!;

    private static (int Value, int? IncidentToDate, int Organisations, int Awaiting) Figures(JsonNode total) =>
        ((int)total["value"]!, (int?)total["incidentToDate"], (int)total["reportingOrganisations"]!, (int)total["awaitingSignOff"]!);

    [Fact]
    public async Task ADashboardWithSignedOffAwaitingAndNilReturnsMatchesEveryFigureWorkedByHandNowAndAtAnEarlierInstant()
    {
        await RequireSignOffAsync();
        using var rnlReporter = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");
        using var rnlSignatory = _scenario.Api.CreateClientAs("Duty director, RNL", "SIGNATORY", "RNL");
        using var rnnSignatory = _scenario.Api.CreateClientAs("Duty director, RNN", "SIGNATORY", "RNN");
        using var commissionerReporter = _scenario.Api.CreateClientAs("Loggist, 01H", "REPORTER", "01H");
        using var commissionerSignatory = _scenario.Api.CreateClientAs("On-call director, 01H", "SIGNATORY", "01H");
        using var ambulanceReporter = _scenario.Api.CreateClientAs("Control room, RX7", "REPORTER", "RX7");

        // 07:05: RNL's reporter sends a full return (awaits sign-off); RNN's signatory a nil return (signed off as sent);
        // 01H's reporter a full return (awaits sign-off). All three on time.
        At(7, 5);
        var rnl = await AcceptedAsync(rnlReporter, Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) }, "submitSitrep");
        var rnn = await AcceptedAsync(rnnSignatory, Submit, new { i = NilReturn("RNN", Scenario.FirstPeriod) }, "submitSitrep");
        var commissioner = await AcceptedAsync(commissionerReporter, Submit, new { i = CommissionerReturn(Scenario.FirstPeriod, 5, 2) }, "submitSitrep");
        Assert.Null((string?)rnl["signedOffAt"]);
        Assert.Equal(("2016-04-26T07:05:00Z", "Duty director, RNN", true), ((string?)rnn["signedOffAt"], (string?)rnn["signedOffBy"], (bool)rnn["nil"]!));

        // 07:16: RNL's signatory signs off its version 1.
        At(7, 16);
        var signed = await AcceptedAsync(rnlSignatory, SignOff, new { id = (string)rnl["id"]!, v = 1 }, "signOffSitrep");
        Assert.Equal(("2016-04-26T07:16:00Z", "Duty director, RNL"), ((string?)signed["signedOffAt"], (string?)signed["signedOffBy"]));

        // 07:20: the director corrects RNL's return (version 2 awaits sign-off again); 01H's signatory signs off its return.
        At(7, 20);
        var correction = Amendment(_scenario.AcuteReturn(Scenario.FirstPeriod), (string)rnl["id"]!, 1, "ED recounted");
        correction["measures"]![4]!["value"] = 40; // ED_PATIENTS_IN_DEPARTMENT, 35 before
        var amended = await AcceptedAsync(_scenario.Client, Amend, new { i = correction }, "amendSitrep");
        Assert.Null((string?)amended["signedOffAt"]);
        await AcceptedAsync(commissionerSignatory, SignOff, new { id = (string)commissioner["id"]!, v = 1 }, "signOffSitrep");

        // 07:25: RX7 sends a late nil return through its reporter (awaits sign-off). NHS 111 and GP out of hours never report.
        At(7, 25);
        await AcceptedAsync(ambulanceReporter, Submit, new { i = NilReturn("RX7", Scenario.FirstPeriod, opel: 2) }, "submitSitrep");
        At(7, 30);

        var incidentNow = await DashboardAsync();
        var then = (await DashboardAsync("2016-04-26T07:17:00Z"))["dashboard"]!;
        var now = incidentNow["dashboard"]!;
        Assert.True((bool)incidentNow["requiresSignOff"]!);

        // Now (07:30): one period due (07:00Z) × 6 participants. On time: RNL, RNN, 01H; late: RX7; overdue: NHS 111,
        // GP out of hours. Signed off: RNN (as sent), 01H (07:20); awaiting: RNL (version 2), RX7. Nil: RNN, RX7.
        Assert.Equal(
            """{"expected":6,"onTime":3,"late":1,"overdue":2,"percentOnTime":50,"signedOff":2,"awaitingSignOff":2,"nil":2}""",
            now["compliance"]!.ToJsonString());
        Assert.Equal([true, false, false, true, false, false],
            EveryParticipant.Select(ods => (bool)Organisation(now, ods)["awaitingSignOff"]!));
        var rnlNow = Organisation(now, "RNL")["latest"]!;
        Assert.Equal((2, (string?)null), ((int)rnlNow["version"]!, (string?)rnlNow["signedOffAt"]));
        Assert.Equal(["2016-04-26T07:16:00Z", null], rnlNow["versions"]!.AsArray().Select(v => (string?)v!["signedOffAt"]));
        Assert.Equal("On-call director, 01H", (string?)Organisation(now, "01H")["latest"]!["signedOffBy"]);
        Assert.Equal((true, true, 0), ((bool)Organisation(now, "RX7")["latest"]!["nil"]!, (bool)Organisation(now, "RX7")["latest"]!["late"]!,
            Organisation(now, "RX7")["latest"]!["measures"]!.AsArray().Count));
        // ED in department: RNL's version 2 alone (40), resting on a return awaiting sign-off.
        Assert.Equal((40, (int?)null, 1, 1), Figures(Total(now, "ED_PATIENTS_IN_DEPARTMENT")));
        // Postponed operations (a running total): RNL's 12 today, awaiting sign-off.
        Assert.Equal((12, (int?)12, 1, 1), Figures(Total(now, "ELECTIVE_OPS_POSTPONED")));
        // 01H's figures, signed off.
        Assert.Equal((2, (int?)null, 1, 0), Figures(Total(now, "MUTUAL_AID_REQUESTS_OPEN")));
        Assert.Equal((5, (int?)5, 1, 0), Figures(Total(now, "ESCALATION_CALLS_HANDLED")));
        // RX7's and RNN's nil returns leave their measures' totals without them, not at zero from them.
        Assert.Equal((0, (int?)null, 0, 0), Figures(Total(now, "AMBULANCES_QUEUING")));
        Assert.Equal((0, (int?)null, 0, 0), Figures(Total(now, "DELAYED_DISCHARGES")));

        // At 07:17: the same period due. On time: RNL, RNN, 01H; overdue: RX7, NHS 111, GP out of hours. Signed off: RNL
        // (07:16, version 1 then), RNN; awaiting: 01H (signed off only at 07:20). Nil: RNN.
        Assert.Equal(
            """{"expected":6,"onTime":3,"late":0,"overdue":3,"percentOnTime":50,"signedOff":2,"awaitingSignOff":1,"nil":1}""",
            then["compliance"]!.ToJsonString());
        Assert.Equal([false, false, true, false], FirstFour.Select(ods => (bool)Organisation(then, ods)["awaitingSignOff"]!));
        var rnlThen = Organisation(then, "RNL")["latest"]!;
        Assert.Equal((1, 1, "2016-04-26T07:16:00Z", "Duty director, RNL"),
            ((int)rnlThen["version"]!, (int)rnlThen["currentVersion"]!, (string?)rnlThen["signedOffAt"], (string?)rnlThen["signedOffBy"]));
        Assert.Null((string?)Organisation(then, "01H")["latest"]!["signedOffAt"]);
        Assert.Null(Organisation(then, "RX7")["latest"]);
        Assert.Equal((35, (int?)null, 1, 0), Figures(Total(then, "ED_PATIENTS_IN_DEPARTMENT")));
        Assert.Equal((12, (int?)12, 1, 0), Figures(Total(then, "ELECTIVE_OPS_POSTPONED")));
        Assert.Equal((2, (int?)null, 1, 1), Figures(Total(then, "MUTUAL_AID_REQUESTS_OPEN")));
        Assert.Equal((5, (int?)5, 1, 1), Figures(Total(then, "ESCALATION_CALLS_HANDLED")));

        // Every sign-off is in the audit trail: RNN's as sent, RNL's and 01H's by signOffSitrep.
        Assert.Equal(3, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignOffSitrep && e.Outcome == AuditOutcomes.Accepted)));
    }

    [Fact]
    public async Task ANilReturnLeavesTheOrganisationOutOfTotalsAndAnAmendmentTurnsItIntoAFullReturnAndBack()
    {
        using var rnn = _scenario.Api.CreateClientAs("Flow coordinator, RNN", "REPORTER", "RNN");
        var second = Scenario.FirstPeriod.AddHours(1);
        JsonObject Full(DateTime period, int delayed) => new()
        {
            ["incidentId"] = Id(_scenario.IncidentId),
            ["organisationId"] = Id(_scenario.Organisations["RNN"]),
            ["periodStartsAt"] = period.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["opelLevel"] = 3,
            ["criticalIncidentDeclared"] = false,
            ["measures"] = new JsonArray(
                new JsonObject { ["code"] = "DELAYED_DISCHARGES", ["value"] = delayed },
                new JsonObject { ["code"] = "COMMUNITY_BEDS_OPEN", ["value"] = 100 },
                new JsonObject { ["code"] = "COMMUNITY_BEDS_OCCUPIED", ["value"] = 90 },
                new JsonObject { ["code"] = "COMMUNITY_APPTS_PLANNED", ["value"] = 50 },
                new JsonObject { ["code"] = "COMMUNITY_APPTS_POSTPONED", ["value"] = 4 }),
        };

        At(7, 5);
        await AcceptedAsync(rnn, Submit, new { i = Full(Scenario.FirstPeriod, 7) }, "submitSitrep");
        At(8, 5);
        var nil = await AcceptedAsync(rnn, Submit, new { i = NilReturn("RNN", second, opel: 2) }, "submitSitrep");
        At(8, 10);
        var asNil = (await DashboardAsync())["dashboard"]!;
        At(8, 20);
        var full = Amendment(Full(second, 9), (string)nil["id"]!, 1, "Affected after all");
        full["nil"] = false;
        var amended = await AcceptedAsync(rnn, Amend, new { i = full }, "amendSitrep");
        At(8, 25);
        var asFull = (await DashboardAsync())["dashboard"]!;
        At(8, 30);
        var backToNil = Amendment(NilReturn("RNN", second, opel: 2), (string)nil["id"]!, 2, "Not affected: the figures were another site's");
        var again = await AcceptedAsync(rnn, Amend, new { i = backToNil }, "amendSitrep");
        At(8, 35);
        var nilAgain = (await DashboardAsync())["dashboard"]!;

        // The 07:00Z return said 7 delayed discharges; the nil return of 08:00Z does not let it stand, nor count as 0 from RNN.
        Assert.Equal((0, (int?)null, 0, 0), Figures(Total(asNil, "DELAYED_DISCHARGES")));
        Assert.Equal((0, (int?)0, 0, 0), Figures(Total(asNil, "COMMUNITY_APPTS_POSTPONED")));
        Assert.True((bool)Organisation(asNil, "RNN")["latest"]!["nil"]!);
        Assert.Equal((false, 2), ((bool)amended["nil"]!, (int)amended["version"]!));
        Assert.Equal((9, (int?)null, 1, 0), Figures(Total(asFull, "DELAYED_DISCHARGES")));
        Assert.Equal((4, (int?)4, 1, 0), Figures(Total(asFull, "COMMUNITY_APPTS_POSTPONED")));
        Assert.Equal((true, 3), ((bool)again["nil"]!, (int)again["version"]!));
        Assert.Equal((0, (int?)null, 0, 0), Figures(Total(nilAgain, "DELAYED_DISCHARGES")));
        // Two periods due by 08:35 × 6 participants; RNN's two returns on time, one of them nil; no sign-off needed.
        Assert.Equal(
            """{"expected":12,"onTime":2,"late":0,"overdue":10,"percentOnTime":16.7,"signedOff":0,"awaitingSignOff":0,"nil":1}""",
            nilAgain["compliance"]!.ToJsonString());
        Assert.False((bool)Organisation(nilAgain, "RNN")["awaitingSignOff"]!);
        // The replay at 08:25 still shows the full return of then.
        Assert.Equal((9, (int?)null, 1, 0), Figures(Total((await DashboardAsync("2016-04-26T08:25:00Z"))["dashboard"]!, "DELAYED_DISCHARGES")));
    }

    [Fact]
    public async Task ANilReturnWithMeasuresOrWithoutAValidOpelLevelIsRefusedAndNothingIsStored()
    {
        At(7, 5);
        var withMeasures = NilReturn("RNL", Scenario.FirstPeriod);
        withMeasures["measures"] = new JsonArray(new JsonObject { ["code"] = "ED_PATIENTS_IN_DEPARTMENT", ["value"] = 0 });
        var noOpel = NilReturn("RNL", Scenario.FirstPeriod, opel: 0);

        var refused = (await _scenario.Client.QueryAsync(Submit, new { i = withMeasures }))["submitSitrep"]!;
        var refusedOpel = (await _scenario.Client.QueryAsync(Submit, new { i = noOpel }))["submitSitrep"]!;

        Assert.Null(refused["sitrep"]);
        Assert.Equal(("NIL_RETURN_WITH_MEASURES", """["measures"]"""), ((string?)refused["errors"]![0]!["code"], refused["errors"]![0]!["field"]!.ToJsonString()));
        Assert.Single(refused["errors"]!.AsArray());
        Assert.Equal(("OPEL_LEVEL_OUT_OF_RANGE", """["opelLevel"]"""), ((string?)refusedOpel["errors"]![0]!["code"], refusedOpel["errors"]![0]!["field"]!.ToJsonString()));
        Assert.Equal(0, await _scenario.CountAsync(db => db.Sitreps.CountAsync()));
    }

    [Fact]
    public async Task AnAmendmentToANilReturnCarryingMeasuresIsRefused()
    {
        At(7, 5);
        var nil = await AcceptedAsync(_scenario.Client, Submit, new { i = NilReturn("RNL", Scenario.FirstPeriod) }, "submitSitrep");
        var amendment = Amendment(_scenario.AcuteReturn(Scenario.FirstPeriod), (string)nil["id"]!, 1, "Still not affected");
        amendment["nil"] = true;

        var refused = (await _scenario.Client.QueryAsync(Amend, new { i = amendment }))["amendSitrep"]!;

        Assert.Equal(["NIL_RETURN_WITH_MEASURES"], refused["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(1, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
    }

    [Fact]
    public async Task SigningOffAnotherOrganisationsReturnAStaleVersionOrAnUnknownReturnIsRefusedWithNothingStored()
    {
        await RequireSignOffAsync();
        At(7, 5);
        var rnl = await AcceptedAsync(_scenario.Client, Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) }, "submitSitrep");
        var id = (string)rnl["id"]!;
        await AcceptedAsync(_scenario.Client, Amend, new { i = Amendment(_scenario.AcuteReturn(Scenario.FirstPeriod), id, 1, "Recounted") }, "amendSitrep");
        using var rnnSignatory = _scenario.Api.CreateClientAs("Duty director, RNN", "SIGNATORY", "RNN");
        using var rnlSignatory = _scenario.Api.CreateClientAs("Duty director, RNL", "SIGNATORY", "RNL");

        var otherOrganisation = (await rnnSignatory.QueryAsync(SignOff, new { id, v = 2 }))["signOffSitrep"]!;
        var stale = (await rnlSignatory.QueryAsync(SignOff, new { id, v = 1 }))["signOffSitrep"]!;
        var unknown = (await rnlSignatory.QueryAsync(SignOff, new { id = "999", v = 1 }))["signOffSitrep"]!;

        static (string?, string) First(JsonNode payload) => ((string?)payload["errors"]![0]!["code"], payload["errors"]![0]!["field"]!.ToJsonString());
        Assert.Equal(("NOT_A_SIGNATORY", """["sitrepId"]"""), First(otherOrganisation));
        Assert.Equal(("VERSION_CONFLICT", """["version"]"""), First(stale));
        Assert.Contains("version 2", (string?)stale["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(("SITREP_NOT_FOUND", """["sitrepId"]"""), First(unknown));
        Assert.All(new[] { otherOrganisation, stale, unknown }, payload => Assert.Null(payload["sitrep"]));
        Assert.Equal(0, await _scenario.CountAsync(db => db.SitrepSignOffs.CountAsync()));
        Assert.Equal(0, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignOffSitrep && e.Outcome == AuditOutcomes.Accepted)));
        Assert.Equal(3, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SignOffSitrep && e.Outcome != AuditOutcomes.Accepted)));
    }

    [Fact]
    public async Task SigningOffInAnIncidentThatDoesNotRequireSignOffIsRefusedAndASignatorysOwnReturnThereIsNotMarkedSignedOff()
    {
        At(7, 5);
        using var rnlSignatory = _scenario.Api.CreateClientAs("Duty director, RNL", "SIGNATORY", "RNL");
        var own = await AcceptedAsync(rnlSignatory, Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) }, "submitSitrep");

        var refused = (await rnlSignatory.QueryAsync(SignOff, new { id = (string)own["id"]!, v = 1 }))["signOffSitrep"]!;
        var dashboard = await DashboardAsync();

        Assert.Null((string?)own["signedOffAt"]);
        Assert.Equal(["SIGN_OFF_NOT_REQUIRED"], refused["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(0, await _scenario.CountAsync(db => db.SitrepSignOffs.CountAsync()));
        Assert.False((bool)dashboard["requiresSignOff"]!);
        Assert.False((bool)Organisation(dashboard["dashboard"]!, "RNL")["awaitingSignOff"]!);
        Assert.Equal((0, 0), ((int)dashboard["dashboard"]!["compliance"]!["signedOff"]!, (int)dashboard["dashboard"]!["compliance"]!["awaitingSignOff"]!));
    }

    [Fact]
    public async Task ADirectorMayNotSignOffAndASecondSignOffOfTheSameVersionStoresNothingMore()
    {
        await RequireSignOffAsync();
        At(7, 5);
        var rnl = await AcceptedAsync(_scenario.Client, Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) }, "submitSitrep");
        var id = (string)rnl["id"]!;
        using var first = _scenario.Api.CreateClientAs("Duty director, RNL", "SIGNATORY", "RNL");
        using var second = _scenario.Api.CreateClientAs("Medical director, RNL", "SIGNATORY", "RNL");

        var byDirector = await _scenario.Client.PostGraphQLAsync(SignOff, new { id, v = 1 });
        await AcceptedAsync(first, SignOff, new { id, v = 1 }, "signOffSitrep");
        At(7, 6);
        var again = await AcceptedAsync(second, SignOff, new { id, v = 1 }, "signOffSitrep");

        Assert.Equal(["AUTH_NOT_AUTHORIZED"], byDirector.ErrorCodes);
        Assert.Equal(("2016-04-26T07:05:00Z", "Duty director, RNL"), ((string?)again["signedOffAt"], (string?)again["signedOffBy"]));
        Assert.Equal(1, await _scenario.CountAsync(db => db.SitrepSignOffs.CountAsync()));
    }

    [Fact]
    public async Task ASignatorysAmendmentIsSignedOffAsSentAndTheExportShowsEachVersionsSignOff()
    {
        await RequireSignOffAsync();
        At(7, 5);
        using var signatory = _scenario.Api.CreateClientAs("Duty director, RNL", "SIGNATORY", "RNL");
        var rnl = await AcceptedAsync(_scenario.Client, Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) }, "submitSitrep");
        At(7, 10);
        var amended = await AcceptedAsync(signatory, Amend, new { i = Amendment(_scenario.AcuteReturn(Scenario.FirstPeriod), (string)rnl["id"]!, 1, "Checked") }, "amendSitrep");
        At(7, 11);
        await AcceptedAsync(_scenario.Client, Submit, new { i = NilReturn("RNN", Scenario.FirstPeriod) }, "submitSitrep");

        var all = Csv.Parse(await _scenario.Client.GetStringAsync($"/incidents/{_scenario.IncidentId}/sitreps.csv?versions=all", TestContext.Current.CancellationToken));
        var records = all.Skip(1).Select(r => all[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();

        Assert.Equal(("2016-04-26T07:10:00Z", "Duty director, RNL"), ((string?)amended["signedOffAt"], (string?)amended["signedOffBy"]));
        Assert.Equal(
            [("1", "false", "", ""), ("2", "false", "2016-04-26T07:10:00Z", "Duty director, RNL"), ("1", "true", "", "")],
            records.Select(r => (r["version"], r["nil"], r["signed_off_at"], r["signed_off_by"])));
    }
}
