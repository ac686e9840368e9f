using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.Organisations;

/// <summary>saveResilienceGroup through HTTP: every rule refused with its field path, members set exactly, incidents already declared untouched.</summary>
public sealed class SaveResilienceGroupTests : IAsyncLifetime
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

    private string Id(string odsCode) => _scenario.Organisations[odsCode].ToString(CultureInfo.InvariantCulture);

    private string GlobalId(string odsCode) => Ids.Format(NodeTypes.Organisation, _scenario.Organisations[odsCode]);

    public static TheoryData<string> Rules => [.. RuleCases.Keys];

    /// <summary>Each rule: how it is broken in an otherwise valid new group, and the code and field path it is refused with.</summary>
    private static readonly Dictionary<string, (Action<Dictionary<string, object?>> Break, string Code, string Field)> RuleCases = new()
    {
        ["a code in small letters"] = (i => i["code"] = "lsc", "INVALID_GROUP_CODE", "code"),
        ["a code of one character"] = (i => i["code"] = "L", "INVALID_GROUP_CODE", "code"),
        ["a code with a space"] = (i => i["code"] = "LSC SRG", "INVALID_GROUP_CODE", "code"),
        ["the code that means every group"] = (i => i["code"] = "*", "INVALID_GROUP_CODE", "code"),
        ["a code over 32 characters"] = (i => i["code"] = new string('L', 33), "INVALID_GROUP_CODE", "code"),
        ["a blank name"] = (i => i["name"] = " ", "NAME_REQUIRED", "name"),
        ["a name over 200 characters"] = (i => i["name"] = new string('n', 201), "TEXT_TOO_LONG", "name"),
        ["a name with a control character"] = (i => i["name"] = "Lancashire\u0000", "INVALID_CHARACTER", "name"),
        ["a member that does not exist"] = (i => i["memberIds"] = new[] { "1", "999" }, "ORGANISATION_NOT_FOUND", "memberIds.1"),
        ["a member that is not an id"] = (i => i["memberIds"] = new[] { "RNL" }, "ORGANISATION_NOT_FOUND", "memberIds.0"),
        ["more members than an incident takes"] = (i => i["memberIds"] = Enumerable.Repeat("1", 1001).ToArray(), "TOO_MANY_MEMBERS", "memberIds"),
        ["a reason with a bidirectional isolate"] = (i => i["reason"] = "\u2066x\u2069", "INVALID_CHARACTER", "reason"),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachRuleIsRefusedWithItsCodeAndFieldAndNothingIsStored(string rule)
    {
        var (breakIt, code, field) = RuleCases[rule];
        var input = Group("LSC", "Lancashire and South Cumbria", "1");
        breakIt(input);

        var payload = await _admin.SaveAsync(SaveGroup, input);

        Assert.Equal([(code, field)], payload.Problems());
        Assert.Null(payload["group"]);
        Assert.Equal(1, await _scenario.CountAsync(db => db.ResilienceGroups.CountAsync()));
        Assert.Equal(1, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SaveGroup && a.Outcome == AuditOutcomes.Refused)));
    }

    [Fact]
    public async Task EveryBadMemberIsReportedAtItsIndexAndAnOdsCodeIsToldItsId()
    {
        var payload = await _admin.SaveAsync(SaveGroup, Group("lsc", "", Id("RNL"), "999", "RNL", Id("RNL")));

        Assert.Equal([("INVALID_GROUP_CODE", "code"), ("NAME_REQUIRED", "name"), ("ORGANISATION_NOT_FOUND", "memberIds.1"), ("ORGANISATION_NOT_FOUND", "memberIds.2")], payload.Problems());
        Assert.Contains($"whose id is {Id("RNL")}", (string?)payload["errors"]![3]!["message"], StringComparison.Ordinal);
        Assert.Equal(1, await _scenario.CountAsync(db => db.ResilienceGroups.CountAsync()));
    }

    [Fact]
    public async Task AGroupIsCreatedWithItsMembersAndAChangeSetsThemExactlyAndIsAudited()
    {
        var created = await _admin.SavedAsync(SaveGroup, Group("NC-ACUTE", "North Cumbria acute and ambulance", Id("RNL"), Id("RX7"), Id("RNL")));
        var changed = await _admin.SavedAsync(SaveGroup, Group("NC-ACUTE", "North Cumbria urgent care", Id("RX7"), Id("LOCAL-NWAS111")));

        Assert.Equal(["RNL", "RX7"], created["members"]!.AsArray().Select(m => (string?)m!["odsCode"]).Order());
        Assert.Equal((string?)created["id"], (string?)changed["id"]);
        Assert.Equal("North Cumbria urgent care", (string?)changed["name"]);
        Assert.Equal(["LOCAL-NWAS111", "RX7"], changed["members"]!.AsArray().Select(m => (string?)m!["odsCode"]).Order());
        var groupsOfRx7 = (await _admin.QueryAsync("{ organisation(odsCode: \"RX7\") { groups { code } } }"))["organisation"]!["groups"]!.AsArray().Select(g => (string?)g!["code"]);
        Assert.Equal(["NC-ACUTE", "NCSRG"], groupsOfRx7.Order());
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var details = await db.AuditEntries.Where(a => a.Action == AuditActions.SaveGroup).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([
            "NC-ACUTE: created as 'North Cumbria acute and ambulance'; added RNL, RX7",
            "NC-ACUTE: name 'North Cumbria acute and ambulance' → 'North Cumbria urgent care'; added LOCAL-NWAS111; removed RNL",
        ], details);
    }

    [Fact]
    public async Task MembershipChangesNeverAlterAnIncidentAlreadyDeclaredOnlyTheNextDeclarationsDefault()
    {
        var declared = await _scenario.Client.DeclareStrikeAsync();
        var participantsBefore = declared["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order().ToList();
        var scenarioBefore = (await _scenario.Client.IncidentAsync(_scenario.IncidentId.ToString(CultureInfo.InvariantCulture)))["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order().ToList();

        // Down to the acute trust and the ambulance service.
        await _admin.SavedAsync(SaveGroup, Group("NCSRG", "North Cumbria System Resilience Group", Id("RNL"), Id("RX7")));

        var after = (await _scenario.Client.IncidentAsync((string)declared["id"]!))["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order();
        var scenarioAfter = (await _scenario.Client.IncidentAsync(_scenario.IncidentId.ToString(CultureInfo.InvariantCulture)))["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order();
        var next = await _scenario.Client.DeclareStrikeAsync(i => i["reference"] = "NCSRG-2016-06-JDIA");
        Assert.Equal(7, participantsBefore.Count);
        Assert.Equal(participantsBefore, after);
        Assert.Equal(scenarioBefore, scenarioAfter);
        Assert.Equal(new[] { GlobalId("RNL"), GlobalId("RX7") }.Order(), next["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order());
        // And the stored rows agree: nothing but the group's own membership changed.
        Assert.Equal(7 + 6, await _scenario.CountAsync(db => db.IncidentParticipants.CountAsync(p => p.IncidentId != Ids.Parse((string)next["id"]!, NodeTypes.Incident)!.Value)));
    }

    [Fact]
    public async Task ARetiredMemberMayStayInTheGroupItIsInButJoinsNoOther()
    {
        var everyone = _scenario.Organisations.Values.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray();
        await _admin.SavedAsync(SaveOrganisation, new() { ["odsCode"] = "LOCAL-CCC-ASC", ["name"] = "Cumbria County Council (Adult Social Care)", ["type"] = "SOCIAL_CARE", ["localIdentifier"] = true, ["active"] = false });

        var kept = await _admin.SavedAsync(SaveGroup, Group("NCSRG", "North Cumbria System Resilience Group", everyone));
        var joined = await _admin.SaveAsync(SaveGroup, Group("NC-CARE", "North Cumbria care", Id("LOCAL-CCC-ASC")));

        Assert.Equal(7, kept["members"]!.AsArray().Count);
        Assert.Equal([("ORGANISATION_RETIRED", "memberIds.0")], joined.Problems());
    }
}
