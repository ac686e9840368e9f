using Microsoft.EntityFrameworkCore;
using System.Net;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>Each caller × each operation, through HTTP with real tokens: README's table of who may do what.</summary>
public sealed class RoleTests : IAsyncLifetime
{
    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync();

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    public static TheoryData<string, string, string> Table()
    {
        var data = new TheoryData<string, string, string>();
        // caller → read, viewer, submit (RNL's return), amend (RNL's return), declare, stand down, audit trail, sign off (RNL's return)
        var rows = new Dictionary<string, string[]>
        {
            ["anonymous"] = [NotAuthenticated, Allowed, NotAuthenticated, NotAuthenticated, NotAuthenticated, NotAuthenticated, NotAuthenticated, NotAuthenticated],
            ["NOROLE"] = [NotAuthorized, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized],
            ["VIEWER"] = [Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized],
            ["ADMIN"] = [Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized],
            ["REPORTER:RNL"] = [Allowed, Allowed, Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized],
            ["REPORTER:RNN"] = [Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized],
            ["SIGNATORY:RNL"] = [Allowed, Allowed, Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, Allowed],
            ["SIGNATORY:RNN"] = [Allowed, Allowed, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, NotAuthorized, "NOT_A_SIGNATORY"],
            ["DIRECTOR"] = [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, NotAuthorized],
        };
        string[] operations = ["read", "viewer", "submit", "amend", "declare", "standDown", "auditTrail", "signOff"];
        foreach (var (caller, outcomes) in rows)
        {
            for (var i = 0; i < operations.Length; i++)
            {
                data.Add(caller, operations[i], outcomes[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerIsAllowedOrRefusedEachOperationAsTheRolesSay(string caller, string operation, string expected)
    {
        // The return to amend exists before the caller acts; the director sends it (for RNL, by phone).
        var existing = operation is "amend" or "signOff"
            ? (string)(await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!["id"]!
            : null;
        if (operation == "signOff")
        {
            await _scenario.CountAsync(db => db.Incidents.ExecuteUpdateAsync(u => u.SetProperty(i => i.RequiresSignOff, true), TestContext.Current.CancellationToken));
        }

        using var client = For(_scenario.Api, caller);

        var response = operation switch
        {
            "read" => await client.PostGraphQLAsync("{ incidents { reference participants { odsCode } } organisations { odsCode } }"),
            "viewer" => await client.PostGraphQLAsync("{ viewer { name roles organisations { odsCode } } }"),
            "submit" => await client.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }),
            "amend" => await client.PostGraphQLAsync(Amend, new { input = Amendment(existing!, 1) }),
            "declare" => await client.PostGraphQLAsync(
                "mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { incident { id } errors { code } } }",
                new { input = IncidentMutationsClient.StrikeInput(await _scenario.Client.GroupIdAsync()) }),
            "standDown" => await client.PostGraphQLAsync(
                "mutation($id: ID!) { standDownIncident(incidentId: $id) { incident { status } errors { code } } }", new { id = _scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            "auditTrail" => await client.PostGraphQLAsync("{ auditTrail { edges { node { action outcome actor } } pageInfo { hasNextPage } } }"),
            "signOff" => await client.PostGraphQLAsync(SignOff, new { id = existing!, version = 1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var payload = operation switch
        {
            "submit" => "submitSitrep", "amend" => "amendSitrep", "declare" => "declareIncident", "standDown" => "standDownIncident", "signOff" => "signOffSitrep", _ => null,
        };
        Assert.True(expected == Outcome(response, payload), $"{caller} {operation}: expected {expected}, got {response}");
        if (expected == NotAuthenticated && caller == "anonymous")
        {
            Assert.Equal((int)HttpStatusCode.Unauthorized, response.StatusCode);
        }

        if (expected != Allowed && payload is not null && !response.ErrorCodes.Any())
        {
            // A refusal the write itself made (a user error) stores and shows nothing.
            Assert.Null(response.Data![payload]!["sitrep"]);
        }
        else if (expected != Allowed)
        {
            // A refusal never carries data the caller may not see.
            Assert.True(response.Data is null || response.Data.GetValueKind() == System.Text.Json.JsonValueKind.Null, response.ToString());
        }
    }

    [Fact]
    public async Task UnlessAnonymousIntrospectionIsTurnedOnOnlyTypenameIsLeftForAnonymousCallers()
    {
        await using var api = new ApiFactory();
        using var anonymous = api.CreateAnonymousClient();

        var introspection = await anonymous.PostGraphQLAsync("{ __schema { queryType { name } } }");
        var typename = await anonymous.QueryAsync("{ __typename }");
        var signedIn = await api.CreateClient("VIEWER").QueryAsync("{ __schema { queryType { name } } }");

        Assert.Equal(401, introspection.StatusCode);
        Assert.Equal([NotAuthenticated], introspection.ErrorCodes);
        Assert.Equal("Query", (string?)typename["__typename"]);
        Assert.Equal("Query", (string?)signedIn["__schema"]!["queryType"]!["name"]);
    }

    [Fact]
    public async Task TheViewerIsNullForAnAnonymousCallerAndDescribesASignedInOne()
    {
        using var anonymous = _scenario.Api.CreateAnonymousClient();
        using var reporter = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");

        var nobody = await anonymous.QueryAsync("{ viewer { name } }");
        var someone = (await reporter.QueryAsync("{ viewer { name roles organisations { odsCode name } } }"))["viewer"]!;

        Assert.Null(nobody["viewer"]);
        Assert.Equal("Site manager, RNL", (string?)someone["name"]);
        Assert.Equal(["REPORTER"], someone["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("RNL", (string?)someone["organisations"]![0]!["odsCode"]);
    }

    [Fact]
    public async Task ADirectorsReturnForAnOrganisationIsRecordedAsOnItsBehalfAndAReportersOwnIsNot()
    {
        using var reporter = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");

        var byDirector = (await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!;
        var byReporter = (await reporter.QueryAsync(Amend, new { input = Amendment((string)byDirector["id"]!, 1) }))["amendSitrep"]!["sitrep"]!;

        Assert.Equal(ApiFactory.DirectorName, (string?)byDirector["submittedBy"]);
        Assert.Equal("RNL", (string?)byDirector["onBehalfOf"]);
        Assert.Equal("Site manager, RNL", (string?)byReporter["submittedBy"]);
        Assert.Null(byReporter["onBehalfOf"]);
    }
}
