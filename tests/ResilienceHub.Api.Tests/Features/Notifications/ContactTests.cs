using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>Contacts through HTTP: who may keep them, every refusal at once, addresses stored in one form and masked.</summary>
public class ContactTests
{
    private const string Save = "mutation($i: SaveContactInput!) { saveContact(input: $i) { contact { id name email mobile topics } errors { code field } } }";
    private static readonly string[] Opel4 = ["OPEL_4"];
    private static readonly string[] OverdueAndOpel4 = ["RETURN_OVERDUE", "OPEL_4"];
    private const string Remove = "mutation($id: ID!) { removeContact(id: $id) { contact { id } errors { code field } } }";

    [Fact]
    public async Task ADirectorOfTheGroupKeepsAnOrganisationsContactWithItsMobileInE164AndTheTrailMasksIt()
    {
        await using var scenario = await Scenario.StartAsync();
        using var director = Director(scenario, ["NCSRG"]);
        var rnl = await OrganisationIdAsync(director, "RNL");

        var saved = (await director.QueryAsync(Save, new { i = Contact(rnl, mobile: "07700 900123") }))["saveContact"]!;

        Assert.Empty(saved["errors"]!.AsArray());
        Assert.Equal("+447700900123", (string?)saved["contact"]!["mobile"]);
        Assert.Equal(["RETURN_OVERDUE", "OPEL_4"], saved["contact"]!["topics"]!.AsArray().Select(t => (string?)t));
        var trail = await scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SaveContact && a.Outcome == AuditOutcomes.Accepted));
        Assert.Equal(1, trail);
        var detail = await DetailsAsync(scenario, AuditActions.SaveContact);
        Assert.DoesNotContain("duty.manager@example.nhs.uk", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("7700900123", detail, StringComparison.Ordinal);

        var removed = (await director.QueryAsync(Remove, new { id = (string)saved["contact"]!["id"]! }))["removeContact"]!;
        Assert.Empty(removed["errors"]!.AsArray());
        Assert.Equal(0, await ContactsAsync(scenario));
    }

    [Fact]
    public async Task EveryProblemOfAContactIsReportedAtOnceWithItsFieldAndNothingIsStored()
    {
        await using var scenario = await Scenario.StartAsync();
        using var director = Director(scenario, ["NCSRG"]);
        var rnl = await OrganisationIdAsync(director, "RNL");
        var group = (string)(await director.QueryAsync("{ resilienceGroups { id code } }"))["resilienceGroups"]!.AsArray().Single(g => (string?)g!["code"] == "NCSRG")!["id"]!;

        var badAddresses = (await director.QueryAsync(Save, new { i = new { organisationId = rnl, name = "Duty manager", email = "not an address", mobile = "12345", topics = Opel4 } }))["saveContact"]!;
        var noOwnerOrTopics = (await director.QueryAsync(Save, new { i = new { organisationId = rnl, groupId = group, name = "Duty manager", email = "duty@example.nhs.uk", topics = Array.Empty<string>() } }))["saveContact"]!;
        var noAddress = (await director.QueryAsync(Save, new { i = new { groupId = group, name = "Duty manager", topics = Opel4 } }))["saveContact"]!;

        Assert.Equivalent(new[] { ("INVALID_EMAIL", "email"), ("INVALID_MOBILE", "mobile") }, Problems(badAddresses));
        Assert.Contains(Problems(noOwnerOrTopics), p => p.Code == "ONE_OWNER_REQUIRED");
        Assert.Contains(Problems(noOwnerOrTopics), p => p.Code == "TOPICS_REQUIRED" && p.Field == "topics");
        Assert.Contains(Problems(noAddress), p => p.Code == "ADDRESS_REQUIRED");
        Assert.All(new[] { badAddresses, noOwnerOrTopics, noAddress }, payload => Assert.Null(payload["contact"]));
        Assert.Equal(0, await ContactsAsync(scenario));
    }

    [Fact]
    public async Task AnotherGroupsDirectorNeitherSeesNorChangesNorRemovesAContactAndTheAttemptIsKept()
    {
        await using var scenario = await Scenario.StartAsync();
        using var ours = Director(scenario, ["NCSRG"]);
        using var theirs = Director(scenario, ["LSC"]);
        var rnl = await OrganisationIdAsync(ours, "RNL");
        var id = (string)(await ours.QueryAsync(Save, new { i = Contact(rnl) }))["saveContact"]!["contact"]!["id"]!;
        var forbiddenBefore = await scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden));

        var forTheirOrganisation = (await theirs.QueryAsync(Save, new { i = Contact(rnl) }))["saveContact"]!;
        var changed = (await theirs.QueryAsync(Save, new { i = new { id, organisationId = rnl, name = "Someone else", email = "someone@example.com", topics = Opel4 } }))["saveContact"]!;
        var removed = (await theirs.QueryAsync(Remove, new { id }))["removeContact"]!;

        Assert.Contains(Problems(forTheirOrganisation), p => p.Field == "organisationId");
        Assert.Equal([("CONTACT_NOT_FOUND", "id")], Problems(changed));
        Assert.Equal([("CONTACT_NOT_FOUND", "id")], Problems(removed));
        Assert.Equal(1, await ContactsAsync(scenario));
        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            Assert.Equal("Duty manager", await db.Contacts.Select(c => c.Name).SingleAsync(TestContext.Current.CancellationToken));
        }

        Assert.True(await scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden)) >= forbiddenBefore + 2);
    }

    [Fact]
    public async Task DirectorsAndAdminsOfTheGroupReadItsContactsAndItsOrganisationsInFullAndOtherGroupsReadNone()
    {
        await using var scenario = await Scenario.StartAsync(configure: api => api.CaptureLogs());
        using var director = Director(scenario, ["NCSRG"]);
        var rnl = await OrganisationIdAsync(director, "RNL");
        var group = await GroupIdAsync(director);
        await director.QueryAsync(Save, new { i = Contact(rnl) });
        await director.QueryAsync(Save, new { i = new { groupId = group, name = "Incident director", email = "incident.director@example.nhs.uk", topics = Opel4 } });
        using var admin = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token("Admin of NCSRG", [Roles.Admin], [], ["NCSRG"]));
        using var theirs = Director(scenario, ["LSC"]);

        foreach (var caller in new[] { director, admin })
        {
            var read = await caller.QueryAsync(ReadContacts);
            var organisation = read["organisation"]!["contacts"]!.AsArray().Single()!;
            Assert.Equal(("Duty manager", "duty.manager@example.nhs.uk", "+447700900123"), ((string)organisation["name"]!, (string?)organisation["email"], (string?)organisation["mobile"]));
            Assert.Equal(["RETURN_OVERDUE", "OPEL_4"], organisation["topics"]!.AsArray().Select(t => (string?)t));
            var ofGroup = read["resilienceGroups"]!.AsArray().Single(g => (string?)g!["code"] == "NCSRG")!["contacts"]!.AsArray().Single()!;
            Assert.Equal(("Incident director", "incident.director@example.nhs.uk", null), ((string)ofGroup["name"]!, (string?)ofGroup["email"], (string?)ofGroup["mobile"]));
        }

        var outside = await theirs.QueryAsync(ReadContacts);
        Assert.Empty(outside["organisation"]!["contacts"]!.AsArray());
        Assert.DoesNotContain(outside["resilienceGroups"]!.AsArray(), g => (string?)g!["code"] == "NCSRG");
        Assert.DoesNotContain("example.nhs.uk", outside.ToJsonString(), StringComparison.Ordinal);
        // Shown in full to those who call them, never in the log.
        Assert.DoesNotContain(scenario.Api.Logs!.Collector.GetSnapshot(), r => r.Message.Contains("duty.manager@example", StringComparison.Ordinal) || r.Message.Contains("7700900123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryOrganisationsContactsAreReadInOneQuery()
    {
        await using var scenario = await Scenario.StartAsync();
        using var director = Director(scenario, ["NCSRG"]);
        foreach (var ods in new[] { "RNL", "RNN", "RX7" })
        {
            await director.QueryAsync(Save, new { i = Contact(await OrganisationIdAsync(director, ods)) });
        }

        scenario.Api.Sql.Clear();
        var read = await director.QueryAsync("{ organisations { odsCode contacts { name } } }");

        Assert.Equal(3, read["organisations"]!.AsArray().Sum(o => o!["contacts"]!.AsArray().Count));
        Assert.Single(scenario.Api.Sql.Commands, c => c.Contains("\"Contacts\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AViewerOrReporterIsRefusedContactsAndIsNeverGivenTheDirectorsSharedAnswer()
    {
        await using var scenario = await Scenario.StartAsync();
        using var director = Director(scenario, ["NCSRG"]);
        await director.QueryAsync(Save, new { i = Contact(await OrganisationIdAsync(director, "RNL")) });
        // From its second asking the answer is kept for the director's audience; the third is given it.
        await director.QueryAsync(ReadContacts);
        var kept = (await director.QueryAsync(ReadContacts)).ToJsonString();
        scenario.Api.Sql.Clear();
        using var another = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token("Another director of NCSRG", [Roles.Director], [], ["NCSRG"]));
        Assert.Equal(kept, (await another.QueryAsync(ReadContacts)).ToJsonString());
        Assert.Contains("AuditEntries", Assert.Single(scenario.Api.Sql.Commands), StringComparison.Ordinal);

        foreach (var (role, organisations) in new[] { (Roles.Viewer, Array.Empty<string>()), (Roles.Reporter, ["RNL"]), (Roles.Signatory, ["RNL"]) })
        {
            using var caller = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token($"A {role}", [role], organisations, ["NCSRG"]));
            for (var asked = 0; asked < 3; asked++)
            {
                var refused = await caller.PostGraphQLAsync(ReadContacts);
                Assert.Equal(["AUTH_NOT_AUTHORIZED"], refused.ErrorCodes.Distinct());
                Assert.DoesNotContain("duty.manager", refused.ToString(), StringComparison.Ordinal);
            }
        }

        // Asked without contacts, the viewer is given the rest.
        using var viewer = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token("A viewer", [Roles.Viewer], [], ["NCSRG"]));
        Assert.Equal("RNL", (string?)(await viewer.QueryAsync("{ organisation(odsCode: \"RNL\") { odsCode } }"))["organisation"]!["odsCode"]);
    }

    [Theory]
    [InlineData(Roles.Reporter)]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Signatory)]
    public async Task OnlyDirectorsAndAdminsKeepContacts(string role)
    {
        await using var scenario = await Scenario.StartAsync();
        using var director = Director(scenario, ["NCSRG"]);
        var rnl = await OrganisationIdAsync(director, "RNL");
        using var caller = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token($"A {role}", [role], ["RNL"], ["NCSRG"]));

        var refused = await caller.PostGraphQLAsync(Save, new { i = Contact(rnl) });

        Assert.Contains("AUTH_NOT_AUTHORIZED", refused.ErrorCodes);
        Assert.Equal(0, await ContactsAsync(scenario));
    }

    private const string ReadContacts = "{ organisation(odsCode: \"RNL\") { contacts { id name email mobile topics } } resilienceGroups { code contacts { id name email mobile topics } } }";

    private static async Task<string> GroupIdAsync(HttpClient client) =>
        (string)(await client.QueryAsync("{ resilienceGroups { id code } }"))["resilienceGroups"]!.AsArray().Single(g => (string?)g!["code"] == "NCSRG")!["id"]!;

    private static HttpClient Director(Scenario scenario, string[] groups) =>
        ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token($"Director of {string.Join('+', groups)}", [Roles.Director], [], groups));

    private static object Contact(string organisationId, string mobile = "07700900123") => new
    {
        organisationId, name = "Duty manager", email = "duty.manager@example.nhs.uk", mobile, topics = OverdueAndOpel4,
    };

    private static async Task<string> OrganisationIdAsync(HttpClient client, string ods) =>
        (string)(await client.QueryAsync($"{{ organisation(odsCode: \"{ods}\") {{ id }} }}"))["organisation"]!["id"]!;

    private static List<(string Code, string Field)> Problems(JsonNode payload) =>
        [.. payload["errors"]!.AsArray().Select(e => ((string)e!["code"]!, string.Join('.', e["field"]!.AsArray().Select(f => (string?)f))))];

    private static Task<int> ContactsAsync(Scenario scenario) => scenario.CountAsync(db => db.Contacts.CountAsync());

    private static async Task<string> DetailsAsync(Scenario scenario, string action)
    {
        await using var db = Contexts.Sqlite(scenario.Api.DatabasePath);
        return string.Join('\n', await db.AuditEntries.Where(a => a.Action == action).Select(a => a.Detail ?? "").ToListAsync(TestContext.Current.CancellationToken));
    }
}
