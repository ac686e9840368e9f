using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Organisations;

public sealed class SqliteReferenceDataQueryTests(DemoApi api) : ReferenceDataQueryTests(api), IClassFixture<DemoApi>;

public sealed class SqlServerReferenceDataQueryTests(SqlServerDemoApi api) : ReferenceDataQueryTests(api), IClassFixture<SqlServerDemoApi>;

/// <summary>Runs against both providers: SQLite here, SQL Server where Docker answers.</summary>
public abstract class ReferenceDataQueryTests(DemoApi api)
{
    private static JsonNode Seed(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", file)))!;

    [Fact]
    public async Task TheGroupListsEverySeededMember()
    {
        var data = await api.Client.QueryAsync("{ resilienceGroups { code name members { odsCode name type } } }");

        var group = Assert.Single(data["resilienceGroups"]!.AsArray())!;
        Assert.Equal("NCSRG", (string?)group["code"]);
        var expected = Seed("groups.json")["groups"]![0]!["members"]!.AsArray().Select(m => (string?)m).Order();
        Assert.Equal(expected, group["members"]!.AsArray().Select(m => (string?)m!["odsCode"]).Order());
    }

    [Fact]
    public async Task OrganisationsCanBeFilteredByType()
    {
        var data = await api.Client.QueryAsync("{ organisations(type: ACUTE_TRUST) { odsCode type localIdentifier } }");

        var acute = Assert.Single(data["organisations"]!.AsArray())!;
        Assert.Equal("RNL", (string?)acute["odsCode"]);
        Assert.Equal("ACUTE_TRUST", (string?)acute["type"]);
        Assert.False((bool)acute["localIdentifier"]!);
    }

    [Fact]
    public async Task AnOrganisationIsFoundByOdsCodeOrById()
    {
        var byCode = await api.Client.QueryAsync("""{ organisation(odsCode: "LOCAL-NWAS111") { id name type localIdentifier } }""");
        var organisation = byCode["organisation"]!;
        Assert.Equal("NHS_111", (string?)organisation["type"]);
        Assert.True((bool)organisation["localIdentifier"]!);

        var byId = await api.Client.QueryAsync("query($id: ID!) { organisation(id: $id) { name } }", new { id = (string?)organisation["id"] });
        Assert.Equal((string?)organisation["name"], (string?)byId["organisation"]!["name"]);
    }

    [Fact]
    public async Task AnUnknownOrganisationIsNull()
    {
        var data = await api.Client.QueryAsync("""{ a: organisation(odsCode: "NOPE") { id } b: organisation(id: "999999") { id } c: organisation(id: "x") { id } }""");

        Assert.Null(data["a"]);
        Assert.Null(data["b"]);
        Assert.Null(data["c"]);
    }

    [Fact]
    public async Task TheCatalogueGivesTheHeadlineMeasuresTheirKinds()
    {
        var data = await api.Client.QueryAsync("{ measures(organisationType: ACUTE_TRUST) { code kind requiredFor appliesTo } }");
        var measures = data["measures"]!.AsArray().ToDictionary(m => (string)m!["code"]!, m => m!);

        Assert.Equal("CUMULATIVE_DAILY", (string?)measures["ELECTIVE_OPS_POSTPONED"]["kind"]);
        Assert.Equal("CUMULATIVE_DAILY", (string?)measures["OUTPATIENT_APPTS_POSTPONED"]["kind"]);
        Assert.Equal("CUMULATIVE_DAILY", (string?)measures["AMBULANCE_HANDOVERS_OVER_60M"]["kind"]);
        Assert.Equal("SNAPSHOT", (string?)measures["ED_PATIENTS_IN_DEPARTMENT"]["kind"]);
        Assert.Equal("SNAPSHOT", (string?)measures["GA_BEDS_OCCUPIED"]["kind"]);
        Assert.All(measures.Values, m => Assert.Contains("ACUTE_TRUST", m["appliesTo"]!.AsArray().Select(t => (string?)t)));
    }

    [Fact]
    public async Task EveryOrganisationTypeHasARequiredMeasure()
    {
        var data = await api.Client.QueryAsync("{ measures { code requiredFor } }");
        var required = data["measures"]!.AsArray().SelectMany(m => m!["requiredFor"]!.AsArray().Select(t => (string?)t)).ToHashSet();

        Assert.Equal(
            ["ACUTE_TRUST", "AMBULANCE_TRUST", "COMMISSIONER", "COMMUNITY_TRUST", "GP_OUT_OF_HOURS", "MENTAL_HEALTH_TRUST", "NHS_111", "SOCIAL_CARE"],
            required.Order());
    }
}
