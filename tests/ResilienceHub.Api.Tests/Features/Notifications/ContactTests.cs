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
