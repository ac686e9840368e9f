using System.Globalization;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.GraphQL;

/// <summary>
/// Relay's Node through HTTP: incidents, organisations, groups and returns refetched by their global ids, the ids the API
/// gave before still read, and nothing a caller could not read through the object's own field.
/// </summary>
public sealed class NodeTests : IAsyncLifetime
{
    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code } } }";
    private const string Node = "query($id: ID!) { node(id: $id) { __typename id ... on Incident { reference } ... on Organisation { odsCode } ... on ResilienceGroup { code } ... on Sitrep { version organisation { odsCode } } } }";

    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private async Task<(string Incident, string Organisation, string Group, string Sitrep)> IdsAsync()
    {
        var read = await _scenario.Client.QueryAsync("""{ incidents { id } organisation(odsCode: "RNL") { id } resilienceGroups { id } }""");
        var sitrep = await _scenario.Client.QueryAsync(Submit, new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) });
        return ((string)read["incidents"]![0]!["id"]!, (string)read["organisation"]!["id"]!, (string)read["resilienceGroups"]![0]!["id"]!,
            (string)sitrep["submitSitrep"]!["sitrep"]!["id"]!);
    }

    private HttpClient Caller(string name, string role, string[] groups, params string[] organisations) =>
        ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token(name, [role], organisations, groups));

    [Fact]
    public async Task EachKindIsRefetchedByItsGlobalIdAloneAndNodesKeepsTheOrderAsked()
    {
        var (incident, organisation, group, sitrep) = await IdsAsync();

        var nodes = (await _scenario.Client.QueryAsync(
            "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Incident { reference } ... on Organisation { odsCode } ... on ResilienceGroup { code } ... on Sitrep { version } } }",
            new { ids = new[] { sitrep, organisation, incident, group } }))["nodes"]!.AsArray();
        var one = (await _scenario.Client.QueryAsync(Node, new { id = incident }))["node"]!;

        Assert.Equal(["Sitrep", "Organisation", "Incident", "ResilienceGroup"], nodes.Select(n => (string?)n!["__typename"]));
        Assert.Equal([sitrep, organisation, incident, group], nodes.Select(n => (string?)n!["id"]));
        Assert.Equal("RNL", (string?)nodes[1]!["odsCode"]);
        Assert.Equal(Scenario.Reference, (string?)one["reference"]);
        Assert.Equal(4, new[] { incident, organisation, group, sitrep }.Distinct().Count());
    }

    [Fact]
    public async Task TheIdsTheApiGaveBeforeStillReadAndEveryFieldTakesTheGlobalOnes()
    {
        var (incident, organisation, _, sitrep) = await IdsAsync();
        var key = _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

        var byKey = await _scenario.Client.QueryAsync("query($id: ID!) { incident(id: $id) { id } }", new { id = key });
        var byGlobal = await _scenario.Client.QueryAsync(
            "query($id: ID!, $org: ID!, $s: ID!) { incident(id: $id) { id sitreps(organisationId: $org) { totalCount } } organisation(id: $org) { odsCode } sitrep(id: $s) { id } }",
            new { id = incident, org = organisation, s = sitrep });

        Assert.Equal(incident, (string?)byKey["incident"]!["id"]);
        Assert.Equal(Ids.Format(NodeTypes.Incident, _scenario.IncidentId), incident);
        Assert.Equal(1, (int?)byGlobal["incident"]!["sitreps"]!["totalCount"]);
        Assert.Equal("RNL", (string?)byGlobal["organisation"]!["odsCode"]);
        Assert.Equal(sitrep, (string?)byGlobal["sitrep"]!["id"]);
        // Another type's id names nothing here.
        Assert.Null((await _scenario.Client.QueryAsync("query($id: ID!) { incident(id: $id) { id } }", new { id = organisation }))["incident"]);
    }

    [Fact]
    public async Task AnotherGroupsOrAnotherOrganisationsObjectReadsAsAnUnknownIdDoes()
    {
        var (incident, _, group, sitrep) = await IdsAsync();
        var unknownIncident = Ids.Format(NodeTypes.Incident, 99_999);
        var unknownSitrep = Ids.Format(NodeTypes.Sitrep, 99_999);
        using var otherGroup = Caller("Another group's director", Roles.Director, ["LSC"]);
        using var otherOrganisation = Caller("A trust outside the incident", Roles.Reporter, [], "LOCAL-CCC-ASC");

        foreach (var outsider in new[] { otherGroup, otherOrganisation })
        {
            var answers = new List<string>();
            foreach (var id in new[] { incident, sitrep, unknownIncident, unknownSitrep, "not-an-id", "1" })
            {
                var response = await outsider.PostGraphQLAsync(Node, new { id });
                Assert.Null(response.Errors);
                answers.Add(response.Body.ToJsonString());
            }

            // Forbidden, unknown and malformed alike: the same answer, as incident(id:) gives.
            Assert.Single(answers.Distinct());
            Assert.Equal("""{"data":{"node":null}}""", answers[0]);
            var nodes = await outsider.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { incident, sitrep, unknownIncident } });
            Assert.Equal([null, null, null], nodes["nodes"]!.AsArray().Select(n => n?.ToJsonString()));
            Assert.Null((await outsider.QueryAsync("query($id: ID!) { incident(id: $id) { id } }", new { id = incident }))["incident"]);
        }

        // A group is seen by its own, as resilienceGroups lists it.
        Assert.Null((await otherGroup.QueryAsync(Node, new { id = group }))["node"]);
        Assert.NotNull((await _scenario.Client.QueryAsync(Node, new { id = group }))["node"]);
    }

    [Fact]
    public async Task NodesTakesAtMostAHundredIds()
    {
        var ids = Enumerable.Range(1, NodeFields.MaxIds + 1).Select(i => Ids.Format(NodeTypes.Organisation, i)).ToArray();

        var refused = await _scenario.Client.PostGraphQLAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });
        var hundred = await _scenario.Client.PostGraphQLAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = ids[..NodeFields.MaxIds] });

        Assert.Equal([NodeFields.TooManyIds], refused.ErrorCodes);
        Assert.Null(hundred.Errors);
        Assert.Equal(NodeFields.MaxIds, hundred.Data!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task AHundredReturnsAndTheirIncidentsAreFetchedInABatchOfEach()
    {
        var (incident, _, _, sitrep) = await IdsAsync();
        var ids = Enumerable.Repeat(sitrep, 50).Concat(Enumerable.Repeat(incident, 50)).ToArray();
        await _scenario.Client.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { sitrep } });
        _scenario.Api.Sql.Clear();

        var nodes = (await _scenario.Client.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids }))["nodes"]!.AsArray();

        Assert.All(nodes, n => Assert.NotNull(n));
        // The returns, then the incidents (two queries: windows and participants split), and the data version at most.
        Assert.InRange(_scenario.Api.Sql.Commands.Count, 1, 6);
    }
}
