using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.ReferenceData;

/// <summary>
/// Who may keep which reference data, on a deployment of two groups (North Cumbria's and Lancashire's): each write ×
/// each caller, through HTTP with real tokens, and what the audit trail keeps of it.
/// </summary>
public sealed class ReferenceDataScopeTests : IAsyncLifetime
{
    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync();
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var trust = new Organisation { OdsCode = "RXN", Name = "Lancashire Teaching Hospitals NHS Foundation Trust", Type = OrganisationType.AcuteTrust };
        // Morecambe Bay's trust serves both areas, so it is a member of both groups.
        var shared = new Organisation { OdsCode = "RTX", Name = "University Hospitals of Morecambe Bay NHS Foundation Trust", Type = OrganisationType.AcuteTrust };
        db.ResilienceGroups.Add(new ResilienceGroup { Code = "LSC", Name = "Lancashire and South Cumbria", Members = [new GroupMembership { Organisation = trust }, new GroupMembership { Organisation = shared }] });
        (await db.ResilienceGroups.AsTracking().Include(g => g.Members).SingleAsync(g => g.Code == "NCSRG", TestContext.Current.CancellationToken))
            .Members.Add(new GroupMembership { Organisation = shared });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        _scenario.Api.Services.GetRequiredService<ReferenceDataCache>().Invalidate();
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    /// <summary>The callers, in order: admins of North Cumbria's group, of Lancashire's, of every group; then the other roles (of every group) and no token.</summary>
    private static readonly string[] Callers = ["ADMIN NCSRG", "ADMIN LSC", "ADMIN *", "DIRECTOR *", "VIEWER *", "REPORTER RNL", "anonymous"];

    private const string Forbidden = NotAuthorized;

    public static TheoryData<string> Writes => [.. Expected.Keys];

    /// <summary>Each write and what each caller above gets: ALLOWED, or the code of the refusal.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["change an organisation of North Cumbria's group"] = [Allowed, Forbidden, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
        ["change an organisation both groups share"] = [Allowed, Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
        ["create an organisation"] = [Allowed, Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
        ["change North Cumbria's group"] = [Allowed, Forbidden, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
        ["create a group"] = [Forbidden, Forbidden, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
        ["create a measure"] = [Forbidden, Forbidden, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthenticated],
    };

    private HttpClient Client(string caller) => caller.Split(' ') switch
    {
        ["anonymous"] => _scenario.Api.CreateAnonymousClient(),
        ["REPORTER", var ods] => ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token("Reporter of " + ods, ["REPORTER"], [ods], [])),
        [var role, var group] => ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token($"{role} of {group}", [role], [], [group])),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private (string Mutation, Dictionary<string, object?> Input) Write(string write, int caller)
    {
        var members = _scenario.Organisations.Values.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray();
        return write switch
        {
            "change an organisation of North Cumbria's group" => (SaveOrganisation, new() { ["odsCode"] = "RNL", ["name"] = "North Cumbria University Hospitals NHS Trust", ["type"] = "ACUTE_TRUST", ["reason"] = "Checked" }),
            "change an organisation both groups share" => (SaveOrganisation, Organisation(odsCode: "RTX", name: $"University Hospitals of Morecambe Bay NHS FT ({caller})")),
            "create an organisation" => (SaveOrganisation, Organisation(odsCode: $"NEW{caller}", name: $"New trust {caller}")),
            "change North Cumbria's group" => (SaveGroup, Group("NCSRG", "North Cumbria System Resilience Group", members)),
            "create a group" => (SaveGroup, Group($"NEW-{caller}", $"New group {caller}")),
            "create a measure" => (SaveMeasure, Measure(code: $"NEW_MEASURE_{caller}")),
            _ => throw new ArgumentOutOfRangeException(nameof(write)),
        };
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task EachCallerMayKeepOnlyTheReferenceDataOfItsScopeAndEachAttemptIsKept(string write)
    {
        for (var caller = 0; caller < Callers.Length; caller++)
        {
            using var client = Client(Callers[caller]);
            var (mutation, input) = Write(write, caller);
            var entriesBefore = await _scenario.CountAsync(db => db.AuditEntries.CountAsync());
            var organisationsBefore = await _scenario.CountAsync(db => db.Organisations.CountAsync());
            var groupsBefore = await _scenario.CountAsync(db => db.ResilienceGroups.CountAsync());
            var measuresBefore = await _scenario.CountAsync(db => db.Measures.CountAsync());

            var response = await client.PostGraphQLAsync(mutation, new { input });

            var expected = Expected[write][caller];
            var payload = mutation == SaveOrganisation ? "saveOrganisation" : mutation == SaveGroup ? "saveResilienceGroup" : "saveMeasure";
            Assert.True(expected == Outcome(response, payload), $"{Callers[caller]} may {write}: expected {expected}, got {response}");
            var outcomes = await _scenario.CountAsync(db => db.AuditEntries.CountAsync()) - entriesBefore;
            await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
            var last = await db.AuditEntries.OrderByDescending(a => a.Id).FirstOrDefaultAsync(TestContext.Current.CancellationToken);
            if (expected == Allowed)
            {
                Assert.Equal((1, AuditOutcomes.Accepted), (outcomes, last!.Outcome));
            }
            else if (expected == NotAuthenticated)
            {
                // Anonymous refusals are counted into one entry a minute, not written one by one.
                Assert.Equal((int)HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal(0, outcomes);
            }
            else
            {
                Assert.Equal((1, AuditOutcomes.Forbidden), (outcomes, last!.Outcome));
                Assert.Equal(payload switch { "saveOrganisation" => AuditActions.SaveOrganisation, "saveResilienceGroup" => AuditActions.SaveGroup, _ => AuditActions.SaveMeasure }, last.Action);
                Assert.True(response.Data is null || response.Data[payload] is null, response.ToString());
                Assert.Equal(organisationsBefore, await db.Organisations.CountAsync(TestContext.Current.CancellationToken));
                Assert.Equal(groupsBefore, await db.ResilienceGroups.CountAsync(TestContext.Current.CancellationToken));
                Assert.Equal(measuresBefore, await db.Measures.CountAsync(TestContext.Current.CancellationToken));
            }
        }
    }

    [Fact]
    public async Task AnAdminOfAnotherGroupIsAnsweredAlikeWhetherTheGroupItNamesExistsOrNot()
    {
        using var theirs = Client("ADMIN LSC");

        var existing = await theirs.PostGraphQLAsync(SaveGroup, new { input = Group("NCSRG", "Ours now") });
        var absent = await theirs.PostGraphQLAsync(SaveGroup, new { input = Group("NOWHERE", "Ours now") });

        Assert.Equal([Forbidden], existing.ErrorCodes);
        Assert.Equal(((string?)existing.Errors![0]!["message"])!.Replace("NCSRG", "NOWHERE", StringComparison.Ordinal), (string?)absent.Errors![0]!["message"]);
        // Nor do reads show it another group's members through an organisation.
        var groups = (await theirs.QueryAsync("{ organisation(odsCode: \"RNL\") { groups { code } } resilienceGroups { code } }"));
        Assert.Empty(groups["organisation"]!["groups"]!.AsArray());
        Assert.Equal(["LSC"], groups["resilienceGroups"]!.AsArray().Select(g => (string?)g!["code"]));
    }

    [Fact]
    public async Task AnAdminOfOneGroupCannotTakeAnotherGroupsOrganisationIntoItsOwn()
    {
        using var ours = Client("ADMIN NCSRG");
        var members = _scenario.Organisations.Values.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var rxn = (string)(await ours.QueryAsync("{ organisation(odsCode: \"RXN\") { id } }"))["organisation"]!["id"]!;

        var taken = await ours.SaveAsync(SaveGroup, Group("NCSRG", "North Cumbria System Resilience Group", [.. members, rxn]));
        var renamed = await ours.PostGraphQLAsync(SaveOrganisation, new { input = Organisation(odsCode: "RXN", name: "Ours now") });

        Assert.Equal([("MEMBER_OUTSIDE_SCOPE", $"memberIds.{members.Count}")], taken.Problems());
        Assert.Equal([Forbidden], renamed.ErrorCodes);
        Assert.Equal("Lancashire Teaching Hospitals NHS Foundation Trust", (string?)(await ours.QueryAsync("{ organisation(odsCode: \"RXN\") { name } }"))["organisation"]!["name"]);
        Assert.Equal(2, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden)));
    }
}
