using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.Organisations;

/// <summary>saveOrganisation through HTTP: every rule refused with its field and nothing stored; creating, changing and retiring.</summary>
public sealed class SaveOrganisationTests : IAsyncLifetime
{
    private Scenario _scenario = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync();
        _admin = Admin(_scenario.Api, "*");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _scenario.DisposeAsync();
    }

    public static TheoryData<string> Rules => [.. RuleCases.Keys];

    /// <summary>Each rule: how it is broken in an otherwise valid new organisation, and the code and field it is refused with.</summary>
    private static readonly Dictionary<string, (Action<Dictionary<string, object?>> Break, string Code, string Field)> RuleCases = new()
    {
        ["an ODS code too short"] = (i => i["odsCode"] = "RX", "INVALID_ODS_CODE", "odsCode"),
        ["an ODS code too long"] = (i => i["odsCode"] = "RXN1234", "INVALID_ODS_CODE", "odsCode"),
        ["an ODS code in small letters"] = (i => i["odsCode"] = "rxn", "INVALID_ODS_CODE", "odsCode"),
        ["an ODS code with a space inside"] = (i => i["odsCode"] = "RX N", "INVALID_ODS_CODE", "odsCode"),
        ["a local identifier with nothing after LOCAL-"] = (i => (i["odsCode"], i["localIdentifier"]) = ("LOCAL-", true), "INVALID_LOCAL_IDENTIFIER", "odsCode"),
        ["a local identifier with a space"] = (i => (i["odsCode"], i["localIdentifier"]) = ("LOCAL-NEW SITE", true), "INVALID_LOCAL_IDENTIFIER", "odsCode"),
        ["a local identifier not marked as one"] = (i => i["odsCode"] = "LOCAL-NEWSITE", "LOCAL_IDENTIFIER_MISMATCH", "localIdentifier"),
        ["an ODS code marked as a local identifier"] = (i => i["localIdentifier"] = true, "LOCAL_IDENTIFIER_MISMATCH", "localIdentifier"),
        ["a blank name"] = (i => i["name"] = "   ", "NAME_REQUIRED", "name"),
        ["a name over 200 characters"] = (i => i["name"] = new string('n', 201), "TEXT_TOO_LONG", "name"),
        ["a name with a bidirectional override"] = (i => i["name"] = "Lancashire\u202E Trust", "INVALID_CHARACTER", "name"),
        ["a name with a line break"] = (i => i["name"] = "Lancashire\nTrust", "INVALID_CHARACTER", "name"),
        ["a reason over 500 characters"] = (i => i["reason"] = new string('r', 501), "TEXT_TOO_LONG", "reason"),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachRuleIsRefusedWithItsCodeAndFieldAndNothingIsStored(string rule)
    {
        var (breakIt, code, field) = RuleCases[rule];
        var input = Organisation();
        breakIt(input);
        var before = await _scenario.CountAsync(db => db.Organisations.CountAsync());

        var payload = await _admin.SaveAsync(SaveOrganisation, input);

        Assert.Equal([(code, field)], payload.Problems());
        Assert.Null(payload["organisation"]);
        Assert.Equal(before, await _scenario.CountAsync(db => db.Organisations.CountAsync()));
        Assert.Equal(1, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SaveOrganisation && a.Outcome == AuditOutcomes.Refused)));
    }

    [Fact]
    public async Task EveryProblemIsReportedAtOnceAndTheFormatIsSaidInTheMessage()
    {
        var input = Organisation(odsCode: "rx-1", name: "");
        input["localIdentifier"] = true;
        input["reason"] = "Bad\u0007";

        var payload = await _admin.SaveAsync(SaveOrganisation, input);

        Assert.Equal([("INVALID_ODS_CODE", "odsCode"), ("LOCAL_IDENTIFIER_MISMATCH", "localIdentifier"), ("NAME_REQUIRED", "name"), ("INVALID_CHARACTER", "reason")], payload.Problems());
        var message = (string)payload["errors"]![0]!["message"]!;
        Assert.Contains("3 to 6 capital letters and digits, such as RNL, 01H or A81001", message, StringComparison.Ordinal);
        Assert.Contains("LOCAL-", message, StringComparison.Ordinal);
        // One audit entry for the request, listing the codes.
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var entry = await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((AuditActions.SaveOrganisation, AuditOutcomes.Refused), (entry.Action, entry.Outcome));
        Assert.Contains("INVALID_ODS_CODE", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewOrganisationIsCreatedTrimmedAndActiveAndItsChangeIsAuditedInTheSameWrite()
    {
        var input = Organisation(odsCode: " RXN ", name: "  Lancashire Teaching Hospitals NHS Foundation Trust ");
        input["reason"] = "Joins the regional desk's returns";

        var saved = await _admin.SavedAsync(SaveOrganisation, input);
        var local = await _admin.SavedAsync(SaveOrganisation, new() { ["odsCode"] = "LOCAL-LSC-OOH", ["name"] = "Lancashire out of hours", ["type"] = "GP_OUT_OF_HOURS", ["localIdentifier"] = true });

        Assert.Equal(("RXN", "Lancashire Teaching Hospitals NHS Foundation Trust", "ACUTE_TRUST", false, true),
            ((string?)saved["odsCode"], (string?)saved["name"], (string?)saved["type"], (bool)saved["localIdentifier"]!, (bool)saved["active"]!));
        Assert.Empty(saved["groups"]!.AsArray());
        Assert.True((bool)local["localIdentifier"]!);
        var read = (await _scenario.Client.QueryAsync("{ organisation(odsCode: \"RXN\") { id name active } }"))["organisation"]!;
        Assert.Equal((string?)saved["id"], (string?)read["id"]);
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var entry = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal((AuditActions.SaveOrganisation, AuditOutcomes.Accepted, "Admin of *"), (entry.Action, entry.Outcome, entry.Actor));
        Assert.Equal("RXN: created as ACUTE_TRUST 'Lancashire Teaching Hospitals NHS Foundation Trust'. Reason: Joins the regional desk's returns", entry.Detail);
        var stored = await db.Organisations.SingleAsync(o => o.OdsCode == "RXN", TestContext.Current.CancellationToken);
        Assert.Equal(("Admin of *", false), (stored.ChangedBy, stored.ChangedBySeeds));
    }

    [Fact]
    public async Task ChangingAnOrganisationKeepsItsIdAndItsGroupsAndTheAuditSaysWhatChanged()
    {
        var before = (await _scenario.Client.QueryAsync("{ organisation(odsCode: \"RNN\") { id } }"))["organisation"]!;

        var saved = await _admin.SavedAsync(SaveOrganisation, new()
        {
            ["odsCode"] = "RNN", ["name"] = "Cumbria Partnership NHS Foundation Trust (mental health)", ["type"] = "MENTAL_HEALTH_TRUST", ["reason"] = "Typed by its larger service",
        });
        var unchanged = await _admin.SavedAsync(SaveOrganisation, new()
        {
            ["odsCode"] = "RNN", ["name"] = "Cumbria Partnership NHS Foundation Trust (mental health)", ["type"] = "MENTAL_HEALTH_TRUST",
        });

        Assert.Equal((string?)before["id"], (string?)saved["id"]);
        Assert.Equal(["NCSRG"], saved["groups"]!.AsArray().Select(g => (string?)g!["code"]));
        Assert.Equal("MENTAL_HEALTH_TRUST", (string?)unchanged["type"]);
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var details = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([
            "RNN: name 'Cumbria Partnership NHS Foundation Trust' → 'Cumbria Partnership NHS Foundation Trust (mental health)'; type COMMUNITY_TRUST → MENTAL_HEALTH_TRUST. Reason: Typed by its larger service",
            "RNN: no change",
        ], details);
    }

    [Fact]
    public async Task AnOrganisationInAnIncidentNotStoodDownCannotBeRetiredAndTheMessageNamesTheIncident()
    {
        var input = Organisation(odsCode: "RNL", name: "North Cumbria University Hospitals NHS Trust");
        input["active"] = false;

        var refused = await _admin.SaveAsync(SaveOrganisation, input);

        Assert.Equal([("ORGANISATION_IN_INCIDENT", "active")], refused.Problems());
        Assert.Contains(Scenario.Reference, (string?)refused["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.True(await _scenario.CountAsync(db => db.Organisations.CountAsync(o => o.OdsCode == "RNL" && o.Active)) == 1);

        await _scenario.Client.StandDownAsync(_scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var retired = await _admin.SavedAsync(SaveOrganisation, input);
        Assert.False((bool)retired["active"]!);
    }

    [Fact]
    public async Task ARetiredOrganisationKeepsItsHistoryReadableTakesPartInNoNewIncidentAndJoinsNoGroup()
    {
        // The county council's adult social care takes no part in the scenario's incident, so it can be retired at once.
        var retire = new Dictionary<string, object?> { ["odsCode"] = "LOCAL-CCC-ASC", ["name"] = "Cumbria County Council (Adult Social Care)", ["type"] = "SOCIAL_CARE", ["localIdentifier"] = true, ["active"] = false, ["reason"] = "Services moved to the new unitary council" };
        var retired = await _admin.SavedAsync(SaveOrganisation, retire);
        var id = (string)retired["id"]!;

        var byDefault = await _scenario.Client.DeclareStrikeAsync();
        var naming = IncidentMutationsClient.StrikeInput(await _scenario.Client.GroupIdAsync(), "NCSRG-2016-06-JDIA");
        naming["participantIds"] = new[] { _scenario.Acute.ToString(System.Globalization.CultureInfo.InvariantCulture), id };
        var named = await _scenario.Client.DeclareAsync(naming);
        var group = await _admin.SaveAsync(SaveGroup, Group("LSC", "Lancashire and South Cumbria", id));
        var listed = (await _scenario.Client.QueryAsync("{ organisations { odsCode active } members: resilienceGroups { members { odsCode active } } }"));

        Assert.DoesNotContain(id, byDefault["participants"]!.AsArray().Select(p => (string?)p!["id"]));
        Assert.Equal([("ORGANISATION_RETIRED", "participantIds.1")], named.Problems());
        Assert.Equal([("ORGANISATION_RETIRED", "memberIds.0")], group.Problems());
        // Still listed, marked retired, so a client offers only the active ones for a new incident.
        Assert.Equal(["LOCAL-CCC-ASC"], listed["organisations"]!.AsArray().Where(o => !(bool)o!["active"]!).Select(o => (string?)o!["odsCode"]));
        // Still a member of its group, read as retired.
        Assert.Contains(listed["members"]![0]!["members"]!.AsArray(), m => (string?)m!["odsCode"] == "LOCAL-CCC-ASC" && !(bool)m["active"]!);
    }
}
