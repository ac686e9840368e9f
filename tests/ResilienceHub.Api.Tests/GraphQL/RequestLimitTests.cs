using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Tests.GraphQL;

/// <summary>Requests that could take the service down are refused before anything runs, and quickly.</summary>
public sealed class RequestLimitTests(DemoApi api) : IClassFixture<DemoApi>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(2);

    private async Task<(GraphQLResponse Response, TimeSpan Took, int SqlCommands)> TimedAsync(string query)
    {
        await api.Client.QueryAsync("{ __typename }");
        var clock = Stopwatch.StartNew();
        api.Factory.Sql.Clear();
        var response = await api.Client.PostGraphQLAsync(query);
        return (response, clock.Elapsed, api.Factory.Sql.Commands.Count);
    }

    private static string Nested(int levels) =>
        "{ incidents { " + string.Concat(Enumerable.Repeat("sitreps { edges { node { incident { ", levels)) + "id" + new string('}', levels * 4) + " } }";

    [Fact]
    public async Task AnOverDeepQueryIsRefusedBeforeItRuns()
    {
        var (response, took, sql) = await TimedAsync(Nested(4));

        Assert.Null(response.Data);
        Assert.Equal(["MAX_DEPTH_EXCEEDED"], response.ErrorCodes);
        Assert.Equal(0, sql);
        Assert.True(took < Quickly, $"took {took}");
    }

    [Fact]
    public async Task AnOverComplexQueryIsRefusedBeforeItRuns()
    {
        const string query = "{ incidents { sitreps(first: 200) { edges { node { versions { measures { measure { appliesTo requiredFor } } } } } } } }";

        var (response, took, sql) = await TimedAsync(query);

        Assert.Null(response.Data);
        Assert.Contains("complex", (string?)response.Errors![0]!["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, sql);
        Assert.True(took < Quickly, $"took {took}");
    }

    [Fact]
    public async Task AnAliasFloodIsRefusedBeforeItRuns()
    {
        var query = "{ " + string.Join(' ', Enumerable.Range(0, 51).Select(i => $"a{i}: incidents {{ id }}")) + " }";

        var (response, took, sql) = await TimedAsync(query);

        Assert.Null(response.Data);
        Assert.Contains("MAX_ALIASES_EXCEEDED", response.ErrorCodes);
        Assert.Equal(0, sql);
        Assert.True(took < Quickly, $"took {took}");
    }

    [Fact]
    public async Task AnOverLargeBodyIsRefusedWith413()
    {
        await api.Client.QueryAsync("{ __typename }");
        var clock = Stopwatch.StartNew();
        var query = "{ incidents { id } } # " + new string('x', 200 * 1024);

        using var response = await api.Client.PostAsJsonAsync("/graphql", new { query }, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TheComputedCostIsInTheExtensionsWhenTheRequestAsksForIt()
    {
        using var response = await api.Client.PostAsJsonAsync("/graphql",
            new { query = "{ incidents { reference participants { odsCode } } }", extensions = new { cost = true } }, Cancellation);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;

        var cost = body["extensions"]!["cost"]!;
        Assert.True((double)cost["complexity"]! > 0);
        Assert.Equal(new GraphQLLimits().MaxComplexity, (double)cost["maxComplexity"]!);
        Assert.Equal(15, (int)cost["maxDepth"]!);
        Assert.NotNull(body["data"]!["incidents"]);
    }

    [Fact]
    public async Task AnonymousIntrospectionIsAllowedWhereSetAndItsCostCounted()
    {
        await using var open = new ApiFactory().With("GraphQL:AnonymousIntrospection", "true");
        using var anonymous = open.CreateAnonymousClient();

        using var response = await anonymous.PostAsJsonAsync("/graphql",
            new { query = "{ __schema { types { name fields { name } } } }", extensions = new { cost = true } }, Cancellation);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(body["data"]!["__schema"]!["types"]!.AsArray());
        Assert.True((double)body["extensions"]!["cost"]!["complexity"]! > 25, body.ToJsonString());
    }
}
