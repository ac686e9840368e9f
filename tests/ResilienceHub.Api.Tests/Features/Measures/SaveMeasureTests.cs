using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.Measures;

/// <summary>saveMeasure through HTTP: every rule refused with its field path, revisions with who, when and why, and what returns make of them.</summary>
public sealed class SaveMeasureTests : IAsyncLifetime
{
    private Scenario _scenario = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        // 07:05Z on the 26th: the scenario's first return (07:00Z) is open, and on time.
        _scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 7, 5, 0, TimeSpan.Zero));
        _admin = Admin(_scenario.Api, "*");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _scenario.DisposeAsync();
    }

    public static TheoryData<string> Rules => [.. RuleCases.Keys];

    /// <summary>Each rule: how it is broken in an otherwise valid new measure, and the code and field path it is refused with.</summary>
    private static readonly Dictionary<string, (Action<Dictionary<string, object?>> Break, string Code, string Field)> RuleCases = new()
    {
        ["a code in small letters"] = (i => i["code"] = "corridor_care", "INVALID_MEASURE_CODE", "code"),
        ["a code beginning with a digit"] = (i => i["code"] = "4H_BREACHES", "INVALID_MEASURE_CODE", "code"),
        ["a code over 64 characters"] = (i => i["code"] = new string('C', 65), "INVALID_MEASURE_CODE", "code"),
        ["a blank name"] = (i => i["name"] = "", "NAME_REQUIRED", "name"),
        ["a name with a line break"] = (i => i["name"] = "Patients\nin corridors", "INVALID_CHARACTER", "name"),
        ["a blank unit"] = (i => i["unit"] = " ", "UNIT_REQUIRED", "unit"),
        ["a unit over 64 characters"] = (i => i["unit"] = new string('u', 65), "TEXT_TOO_LONG", "unit"),
        ["no organisation type"] = (i => i["appliesTo"] = Array.Empty<string>(), "APPLIES_TO_REQUIRED", "appliesTo"),
        ["a type named twice"] = (i => i["appliesTo"] = new[] { "ACUTE_TRUST", "COMMUNITY_TRUST", "ACUTE_TRUST" }, "DUPLICATE_TYPE", "appliesTo.2"),
        ["required of a type that does not report it"] = (i => i["requiredFor"] = new[] { "COMMUNITY_TRUST" }, "REQUIRED_NOT_APPLICABLE", "requiredFor.0"),
        ["a bound that is no measure"] = (i => i["mustNotExceed"] = "CORRIDORS", "UNKNOWN_MEASURE", "mustNotExceed"),
        ["a bound that is itself"] = (i => i["mustNotExceed"] = "CORRIDOR_CARE_PATIENTS", "BOUND_IS_ITSELF", "mustNotExceed"),
        ["a bound not reported by every type"] = (i => (i["appliesTo"], i["mustNotExceed"]) = (new[] { "ACUTE_TRUST", "COMMUNITY_TRUST" }, "ED_PATIENTS_IN_DEPARTMENT"), "BOUND_DOES_NOT_COVER", "mustNotExceed"),
        ["a negative warning threshold"] = (i => i["warningAbove"] = -1, "NEGATIVE_THRESHOLD", "warningAbove"),
        ["a negative critical threshold"] = (i => i["criticalAbove"] = -5, "NEGATIVE_THRESHOLD", "criticalAbove"),
        ["critical below warning"] = (i => (i["warningAbove"], i["criticalAbove"]) = (10, 5), "CRITICAL_BELOW_WARNING", "criticalAbove"),
        ["a ceiling of nought"] = (i => i["maxValue"] = 0, "INVALID_MAX_VALUE", "maxValue"),
        ["a ceiling above a million"] = (i => i["maxValue"] = 1_000_001, "INVALID_MAX_VALUE", "maxValue"),
        ["a blank reason"] = (i => i["reason"] = "  ", "REASON_REQUIRED", "reason"),
        ["a reason over 500 characters"] = (i => i["reason"] = new string('r', 501), "TEXT_TOO_LONG", "reason"),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachRuleIsRefusedWithItsCodeAndFieldAndNothingIsStored(string rule)
    {
        var (breakIt, code, field) = RuleCases[rule];
        var input = Measure();
        breakIt(input);
        var before = await _scenario.CountAsync(db => db.MeasureRevisions.CountAsync());

        var payload = await _admin.SaveAsync(SaveMeasure, input);

        Assert.Equal([(code, field)], payload.Problems());
        Assert.Null(payload["measure"]);
        Assert.Equal(0, await _scenario.CountAsync(db => db.Measures.CountAsync(m => m.Code == "CORRIDOR_CARE_PATIENTS")));
        Assert.Equal(before, await _scenario.CountAsync(db => db.MeasureRevisions.CountAsync()));
        Assert.Equal(1, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SaveMeasure && a.Outcome == AuditOutcomes.Refused)));
    }

    [Fact]
    public async Task ARevisionCannotLeaveTheCatalogueInconsistent()
    {
        var planned = await _admin.MeasureInputAsync("ELECTIVE_OPS_PLANNED", "Tidying up");
        planned["retired"] = true;
        var narrowed = await _admin.MeasureInputAsync("JUNIOR_DOCTORS_ROSTERED", "Acute trusts only");
        narrowed["appliesTo"] = new[] { "ACUTE_TRUST" };
        narrowed["requiredFor"] = new[] { "ACUTE_TRUST" };
        var circle = await _admin.MeasureInputAsync("ELECTIVE_OPS_PLANNED", "Round in a circle");
        circle["mustNotExceed"] = "ELECTIVE_OPS_POSTPONED";
        var retiredBound = Measure();
        retiredBound["mustNotExceed"] = "ELECTIVE_OPS_PLANNED";

        var retiring = await _admin.SaveAsync(SaveMeasure, planned);
        var narrowing = await _admin.SaveAsync(SaveMeasure, narrowed);
        var circling = await _admin.SaveAsync(SaveMeasure, circle);

        Assert.Equal([("MEASURE_IS_A_BOUND", "retired")], retiring.Problems());
        Assert.Contains("ELECTIVE_OPS_POSTPONED", (string?)retiring["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal([("BOUND_NO_LONGER_COVERS", "appliesTo")], narrowing.Problems());
        Assert.Equal([("BOUND_CYCLE", "mustNotExceed")], circling.Problems());

        // Once nothing leans on it, it may be retired; then nothing new may lean on it.
        var postponed = await _admin.MeasureInputAsync("ELECTIVE_OPS_POSTPONED", "Unbounded for now");
        postponed["mustNotExceed"] = null;
        await _admin.SavedAsync(SaveMeasure, postponed);
        await _admin.SavedAsync(SaveMeasure, planned);
        Assert.Equal([("BOUND_RETIRED", "mustNotExceed")], (await _admin.SaveAsync(SaveMeasure, retiredBound)).Problems());
    }

    [Fact]
    public async Task EachRevisionRecordsWhoWhenAndWhyAndTheLatestIsTheCatalogue()
    {
        var created = await _admin.SavedAsync(SaveMeasure, Measure());
        _scenario.Api.Time.Advance(TimeSpan.FromHours(2));
        var input = Measure(reason: "Acute trusts must now say");
        input["requiredFor"] = new[] { "ACUTE_TRUST" };
        input["warningAbove"] = 5;
        input["criticalAbove"] = 10;
        var revised = await _admin.SavedAsync(SaveMeasure, input);
        var again = await _admin.SavedAsync(SaveMeasure, input);

        Assert.Single(created["history"]!.AsArray());
        var history = revised["history"]!.AsArray();
        Assert.Equal([1, 2], history.Select(r => (int)r!["revision"]!));
        Assert.Equal(("2016-04-26T07:05:00Z", "Admin of *", "Asked for by the regional desk"),
            ((string?)history[0]!["changedAt"], (string?)history[0]!["changedBy"], (string?)history[0]!["reason"]));
        Assert.Equal(("2016-04-26T09:05:00Z", "Acute trusts must now say"), ((string?)history[1]!["changedAt"], (string?)history[1]!["reason"]));
        Assert.Empty(history[0]!["requiredFor"]!.AsArray());
        Assert.Equal(["ACUTE_TRUST"], revised["requiredFor"]!.AsArray().Select(t => (string?)t));
        Assert.Equal((5, 10, 100_000), ((int)revised["warningAbove"]!, (int)revised["criticalAbove"]!, (int)revised["maxValue"]!));
        // Saving the same again changes nothing: no third revision.
        Assert.Equal(2, again["history"]!.AsArray().Count);
        var catalogue = (await _scenario.Client.QueryAsync("{ measures(organisationType: ACUTE_TRUST) { code requiredFor } }"))["measures"]!.AsArray();
        Assert.Equal(["ACUTE_TRUST"], catalogue.Single(m => (string?)m!["code"] == "CORRIDOR_CARE_PATIENTS")!["requiredFor"]!.AsArray().Select(t => (string?)t));
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var details = await db.AuditEntries.Where(a => a.Action == AuditActions.SaveMeasure).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([
            "CORRIDOR_CARE_PATIENTS: revision 1; created. Reason: Asked for by the regional desk",
            "CORRIDOR_CARE_PATIENTS: revision 2; requiredFor none → ACUTE_TRUST; warningAbove none → 5; criticalAbove none → 10. Reason: Acute trusts must now say",
            "CORRIDOR_CARE_PATIENTS: no change. Reason: Acute trusts must now say",
        ], details);
    }

    [Fact]
    public async Task EveryExistingMeasureStartsWithOneRevisionByTheSeeds()
    {
        var measures = (await _scenario.Client.QueryAsync("{ measures { code retired history { revision changedBy } } }"))["measures"]!.AsArray();

        Assert.NotEmpty(measures);
        Assert.All(measures, m =>
        {
            Assert.False((bool)m!["retired"]!);
            var only = Assert.Single(m["history"]!.AsArray());
            Assert.Equal((1, "Seed data"), ((int)only!["revision"]!, (string?)only["changedBy"]));
        });
    }

    [Fact]
    public async Task AMeasuresKindChangesUntilAReturnCarriesItAndNeverAfter()
    {
        await _admin.SavedAsync(SaveMeasure, Measure());
        var cumulative = Measure(reason: "Counted through the day after all");
        cumulative["kind"] = "CUMULATIVE_DAILY";
        Assert.Equal("CUMULATIVE_DAILY", (string?)(await _admin.SavedAsync(SaveMeasure, cumulative))["kind"]);

        // A return carries it.
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["measures"]!.AsArray().Add(new JsonObject { ["code"] = "CORRIDOR_CARE_PATIENTS", ["value"] = 3 });
        Assert.Empty((await _scenario.Client.QueryAsync(Submit, new { input }))["submitSitrep"]!["errors"]!.AsArray());

        var back = await _admin.SaveAsync(SaveMeasure, Measure(reason: "Back to a snapshot"));
        Assert.Equal([("KIND_FIXED", "kind")], back.Problems());
        Assert.Contains("returns already carry it", (string?)back["errors"]![0]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetiredMeasureIsNotAskedForNorAcceptedInANewReturnButStillShownInAnOldOne()
    {
        var old = (await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!;
        var retire = await _admin.MeasureInputAsync("CONSULTANTS_COVERING", "No longer collected nationally");
        retire["retired"] = true;
        var retired = await _admin.SavedAsync(SaveMeasure, retire);

        _scenario.Api.Time.Advance(TimeSpan.FromHours(1));
        var withIt = await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1)) });
        var without = _scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1));
        without["measures"] = new JsonArray([.. without["measures"]!.AsArray().Where(m => (string?)m!["code"] != "CONSULTANTS_COVERING").Select(m => m!.DeepClone())]);
        var accepted = await _scenario.Client.QueryAsync(Submit, new { input = without });
        var read = await _scenario.Client.QueryAsync(
            "query($id: ID!) { incident(id: $id) { sitreps { edges { node { period { startsAt } value(code: \"CONSULTANTS_COVERING\") measures { measure { code retired } value } } } } } asked: measures(organisationType: ACUTE_TRUST) { code } all: measures { code retired } }",
            new { id = _scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True((bool)retired["retired"]!);
        var refusal = Assert.Single(withIt["submitSitrep"]!["errors"]!.AsArray());
        Assert.Equal("MEASURE_RETIRED", (string?)refusal!["code"]);
        Assert.Contains("retired", (string?)refusal["message"], StringComparison.Ordinal);
        Assert.Empty(accepted["submitSitrep"]!["errors"]!.AsArray());
        var returns = read["incident"]!["sitreps"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        var first = returns.Single(r => (string?)r["period"]!["startsAt"] == "2016-04-26T07:00:00Z");
        Assert.Equal(45, (int)first["value"]!);
        Assert.Contains(first["measures"]!.AsArray(), m => (string?)m!["measure"]!["code"] == "CONSULTANTS_COVERING" && (bool)m["measure"]!["retired"]! && (int)m["value"]! == 45);
        Assert.Null(returns.Single(r => (string?)r["period"]!["startsAt"] == "2016-04-26T08:00:00Z")["value"]);
        Assert.DoesNotContain("CONSULTANTS_COVERING", read["asked"]!.AsArray().Select(m => (string?)m!["code"]));
        Assert.Contains(read["all"]!.AsArray(), m => (string?)m!["code"] == "CONSULTANTS_COVERING" && (bool)m["retired"]!);
        Assert.NotNull(old["id"]);
    }

    [Fact]
    public async Task AReturnSubmittedBeforeAMeasureBecameRequiredStaysValidAndReadable()
    {
        var before = (await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;
        Assert.Empty(before["errors"]!.AsArray());
        var required = await _admin.MeasureInputAsync("DELAYED_DISCHARGES", "Acute trusts report delayed discharges from today");
        required["requiredFor"] = new[] { "ACUTE_TRUST", "COMMUNITY_TRUST" };
        var revised = await _admin.SavedAsync(SaveMeasure, required);

        _scenario.Api.Time.Advance(TimeSpan.FromHours(1));
        var next = _scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1));
        var refused = (await _scenario.Client.QueryAsync(Submit, new { input = next }))["submitSitrep"]!;
        next["measures"]!.AsArray().Add(new JsonObject { ["code"] = "DELAYED_DISCHARGES", ["value"] = 17 });
        var accepted = (await _scenario.Client.QueryAsync(Submit, new { input = next }))["submitSitrep"]!;
        var read = await _scenario.Client.QueryAsync(
            "query($id: ID!) { incident(id: $id) { sitreps { edges { node { period { startsAt } version value(code: \"CONSULTANTS_COVERING\") delayed: value(code: \"DELAYED_DISCHARGES\") } } } dashboard { organisations { organisation { odsCode } latest { period { startsAt } } } } } }",
            new { id = _scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(2, revised["history"]!.AsArray().Count);
        Assert.Equal(["ACUTE_TRUST", "COMMUNITY_TRUST"], revised["history"]![1]!["requiredFor"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("REQUIRED_MEASURE_MISSING", (string?)Assert.Single(refused["errors"]!.AsArray())!["code"]);
        Assert.Empty(accepted["errors"]!.AsArray());
        // The earlier return still stands as it was sent: one version, its figures, nothing asked of it.
        var first = read["incident"]!["sitreps"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(r => (string?)r["period"]!["startsAt"] == "2016-04-26T07:00:00Z");
        Assert.Equal((1, 45), ((int)first["version"]!, (int)first["value"]!));
        Assert.Null(first["delayed"]);
        Assert.Equal(2, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
    }
}
