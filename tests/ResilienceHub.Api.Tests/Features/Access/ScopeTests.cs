using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Features.Live;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>
/// Two groups on one deployment: North Cumbria's (the scenario's incident) and a neighbouring one with an acute trust
/// and an incident of its own. Each caller × operation × scope, through HTTP with real tokens.
/// </summary>
public sealed class ScopeTests : IAsyncLifetime
{
    private Scenario _scenario = null!;
    private int _otherIncident;

    private string Ours => _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

    private string Theirs => _otherIncident.ToString(CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 8, 30, 0, TimeSpan.Zero), configure: api => api.UseKestrel(0));
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var trust = new Organisation { OdsCode = "RXN", Name = "Lancashire Teaching Hospitals NHS Foundation Trust", Type = OrganisationType.AcuteTrust };
        var group = new ResilienceGroup { Code = "LSC", Name = "Lancashire and South Cumbria", Members = [new GroupMembership { Organisation = trust }] };
        db.ResilienceGroups.Add(group);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var incident = new Incident
        {
            Reference = "LSC-STRIKE", Title = "Their strike", Kind = "INDUSTRIAL_ACTION", GroupId = group.Id, TimeZone = "Europe/London",
            CadenceMinutes = 60, GraceMinutes = 15, DeclaredAt = Scenario.FirstPeriod.AddDays(-6), DeclaredBy = "test",
            Windows = [new() { Date = new DateOnly(2016, 4, 26), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(17, 0) }],
            Participants = [new IncidentParticipant { OrganisationId = trust.Id }],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        _otherIncident = incident.Id;
        // The seeds' reference data was read before the new group existed.
        _scenario.Api.Services.GetRequiredService<Api.Features.ReferenceData.ReferenceDataCache>().Invalidate();
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private HttpClient Caller(string role, string[]? groups, params string[] organisations) =>
        ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token($"{role} of {string.Join('+', groups ?? ["no group"])}", [role], organisations, groups ?? []));

    private Task<int> ForbiddenAsync() => _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden));

    public static TheoryData<string, string[]?, string[], bool, bool> Callers() => new()
    {
        // role, groups, organisations, reads North Cumbria's incident, writes RNL's return in it
        { "DIRECTOR", ["NCSRG"], [], true, true },
        { "DIRECTOR", ["*"], [], true, true },
        { "DIRECTOR", ["LSC"], [], false, false },
        { "DIRECTOR", null, [], false, false },
        { "VIEWER", ["NCSRG"], [], true, false },
        { "VIEWER", ["LSC"], [], false, false },
        { "ADMIN", ["LSC"], [], false, false },
        { "REPORTER", null, ["RNL"], true, true },
        { "REPORTER", null, ["RXN"], false, false },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EachCallerReadsAndWritesWithinItsScopeAndNothingOutsideIt(string role, string[]? groups, string[] organisations, bool reads, bool writes)
    {
        using var client = Caller(role, groups, organisations);
        var forbiddenBefore = await ForbiddenAsync();

        var listed = (await client.QueryAsync("{ incidents { reference } }"))["incidents"]!.AsArray().Select(i => (string?)i!["reference"]).ToList();
        var byId = (await client.QueryAsync("query($id: ID!) { incident(id: $id) { reference dashboard { systemOpelLevel } } }", new { id = Ours }))["incident"];
        using var export = await client.GetAsync($"/incidents/{Ours}/sitreps.csv", TestContext.Current.CancellationToken);
        var submit = await client.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) });

        Assert.Equal(reads, listed.Contains(Scenario.Reference));
        Assert.Equal(reads, byId is not null);
        Assert.Equal(reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, export.StatusCode);
        var submitted = submit.Errors is null && submit.Data!["submitSitrep"]!["errors"]!.AsArray().Count == 0;
        Assert.True(writes == submitted, $"{role} {string.Join(',', groups ?? [])}: {submit}");
        Assert.Equal(writes ? 1 : 0, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
        if (!reads)
        {
            // By id, in the export and in a write, the incident answers as absent (a caller whose role writes no returns
            // there is refused for its role, which says nothing of the incident); each attempt is kept as forbidden.
            var refusal = (string?)submit.Data?["submitSitrep"]?["errors"]?[0]?["code"] ?? submit.ErrorCodes.First();
            Assert.Equal(role == "DIRECTOR" ? "INCIDENT_NOT_FOUND" : NotAuthorized, refusal);
            Assert.Equal(forbiddenBefore + 3, await ForbiddenAsync());
        }
    }

    [Fact]
    public async Task ADirectorOfAnotherGroupCannotDeclareForOursNorStandOursDown()
    {
        using var theirs = Caller("DIRECTOR", ["LSC"]);
        var groups = (await _scenario.Client.QueryAsync("{ resilienceGroups { id code } }"))["resilienceGroups"]!.AsArray();
        var input = IncidentMutationsClient.StrikeInput((string)groups.Single(g => (string?)g!["code"] == "NCSRG")!["id"]!);

        var declared = await theirs.DeclareAsync(input);
        var stoodDown = await theirs.StandDownAsync(Ours);

        Assert.Equal("GROUP_NOT_FOUND", (string?)declared["errors"]![0]!["code"]);
        Assert.Equal("INCIDENT_NOT_FOUND", (string?)stoodDown["errors"]![0]!["code"]);
        Assert.Equal(1, await _scenario.CountAsync(db => db.Incidents.CountAsync(i => i.GroupId == db.ResilienceGroups.Single(g => g.Code == "NCSRG").Id)));
        Assert.Equal(0, await _scenario.CountAsync(db => db.Incidents.CountAsync(i => i.StoodDownAt != null)));
        Assert.Equal(2, await ForbiddenAsync());
    }

    [Fact]
    public async Task AnotherGroupsIncidentIdIsAbsentInlineAliasedAndInFragmentsAndEachAttemptIsKept()
    {
        using var ours = Caller("DIRECTOR", ["NCSRG"]);

        var inline = await ours.QueryAsync($"{{ incident(id: \"{Theirs}\") {{ reference }} }}");
        var aliased = await ours.QueryAsync($"{{ mine: incident(id: \"{Ours}\") {{ reference }} theirs: incident(id: \"{Theirs}\") {{ reference }} }}");
        var fragment = await ours.QueryAsync($"query {{ ...Look }} fragment Look on Query {{ incident(id: \"{Theirs}\") {{ dashboard {{ systemOpelLevel }} }} }}");

        Assert.Null(inline["incident"]);
        Assert.Equal(Scenario.Reference, (string?)aliased["mine"]!["reference"]);
        Assert.Null(aliased["theirs"]);
        Assert.Null(fragment["incident"]);
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var kept = await db.AuditEntries.Where(a => a.Outcome == AuditOutcomes.Forbidden).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, kept.Count);
        Assert.All(kept, entry => Assert.Equal((AuditActions.ReadIncident, _otherIncident), (entry.Action, entry.IncidentId!.Value)));
    }

    [Fact]
    public async Task ASubscriptionToAnotherGroupsIncidentIsRefusedAsIfItDidNotExist()
    {
        var token = ApiFactory.Token("Director of NCSRG", ["DIRECTOR"], [], ["NCSRG"]);
        await using var session = NodeConformance.StartSession(_scenario.Api.GraphQLEndpoint, new { connectionParams = new { authorization = "Bearer " + token } });
        await session.WaitForAsync("connected");

        await session.SubscribeAsync("theirs", "subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id } }", new { id = Theirs });
        var refused = await session.WaitForAsync("next", "theirs");
        await session.WaitForAsync("complete", "theirs");

        Assert.Equal("INCIDENT_NOT_FOUND", (string?)refused["payload"]!["errors"]![0]!["extensions"]!["code"]);
        await LiveClient.WaitForSubscribersAsync(_scenario.Api, 0);
    }

    [Fact]
    public async Task AGroupsDirectorReadsOnlyItsOwnIncidentsAuditEntriesAndADirectorOfEveryGroupReadsThemAll()
    {
        using var theirs = Caller("DIRECTOR", ["LSC"]);
        using var everyGroup = Caller("DIRECTOR", ["*"]);
        Assert.Empty((await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["errors"]!.AsArray());
        Assert.Null((await theirs.QueryAsync("query($id: ID!) { incident(id: $id) { id } }", new { id = Ours }))["incident"]);

        const string Trail = "{ auditTrail { edges { node { action outcome incident { reference } } } } }";
        var theirTrail = (await theirs.QueryAsync(Trail))["auditTrail"]!["edges"]!.AsArray();
        var wholeTrail = (await everyGroup.QueryAsync(Trail))["auditTrail"]!["edges"]!.AsArray();

        Assert.Empty(theirTrail);
        Assert.Equal(2, wholeTrail.Count);
    }

    [Fact]
    public async Task GroupsAreListedWithinScopeAndTheTokenCommandSaysWhenItActsInEveryGroup()
    {
        var groups = (await Caller("VIEWER", ["LSC"]).QueryAsync("{ resilienceGroups { code } }"))["resilienceGroups"]!.AsArray().Select(g => (string?)g!["code"]);
        var reporters = (await Caller("REPORTER", null, "RNL").QueryAsync("{ resilienceGroups { code } }"))["resilienceGroups"]!.AsArray().Select(g => (string?)g!["code"]);
        var (exitCode, output, error) = await ApiProcess.RunAsync("Testing", "token", "--role", "VIEWER", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}");

        Assert.Equal(["LSC"], groups);
        Assert.Equal(["NCSRG"], reporters);
        Assert.Equal(0, exitCode);
        Assert.Contains("acts in every group", error, StringComparison.Ordinal);
        Assert.Equal("*", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(output.Trim()).GetClaim("groups").Value);
    }
}
