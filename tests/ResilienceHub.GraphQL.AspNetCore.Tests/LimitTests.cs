using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

[Collection(nameof(MutationCounter))]
public sealed class LimitTests(GraphQLTestServer server)
{
    [Fact]
    public async Task ADocumentWithTooManyAliasesIsRefusedBeforeAnythingRuns()
    {
        var before = TestMutation.Counter;
        var aliases = string.Join(' ', Enumerable.Range(0, GraphQLTestServer.MaxAliases + 1).Select(i => $"a{i}: increment"));

        var reply = await server.PostAsync(Body($"mutation {{ {aliases} }}"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("MAX_ALIASES_EXCEEDED", reply.FirstError.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, TestMutation.Counter);
    }

    [Fact]
    public async Task AnAnswerCarriesAtMostAHundredErrorsAndSaysHowManyMoreThereWere()
    {
        // 300 fields the schema lacks: each is an error of validation.
        var unknown = string.Concat(Enumerable.Range(0, 300).Select(i => $"missing{i} "));

        var reply = await server.PostAsync(Body($"{{ {unknown}}}"));

        var errors = reply.Json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(101, errors.Count);
        Assert.Equal("MORE_ERRORS", errors[^1].GetProperty("extensions").GetProperty("code").GetString());
        Assert.StartsWith("200 more errors were found", errors[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsManyAliasesAsAllowedAreServed()
    {
        var aliases = string.Join(' ', Enumerable.Range(0, GraphQLTestServer.MaxAliases).Select(i => $"a{i}: hello"));

        var reply = await server.PostAsync(Body($"{{ {aliases} }}"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, world!", reply.Json.GetProperty("data").GetProperty("a4").GetString());
    }

    [Fact]
    public async Task TheComputedCostIsReportedWhenTheRequestAsksForIt()
    {
        var asked = await server.PostAsync(JsonSerializer.Serialize(new { query = "{ hello greeting }", extensions = new { cost = true } }));
        var notAsked = await server.PostAsync(Body("{ hello greeting }"));

        var cost = asked.Json.GetProperty("extensions").GetProperty("cost");
        Assert.Equal(2, cost.GetProperty("complexity").GetDouble());
        Assert.Equal(GraphQLTestServer.MaxComplexity, cost.GetProperty("maxComplexity").GetDouble());
        Assert.Equal(GraphQLTestServer.MaxDepth, cost.GetProperty("maxDepth").GetInt32());
        Assert.False(notAsked.Json.TryGetProperty("extensions", out _));
    }

    [Fact]
    public async Task IntrospectionIsCountedInTheCost()
    {
        var reply = await server.PostAsync(JsonSerializer.Serialize(new
        {
            query = "{ __schema { types { name fields { name } } } }",
            extensions = new { cost = true },
        }));

        Assert.True(reply.Json.GetProperty("extensions").GetProperty("cost").GetProperty("complexity").GetDouble() > 10, reply.Body);
    }

    [Fact]
    public async Task AnOverComplexIntrospectionQueryIsRefused()
    {
        var reply = await server.PostAsync(Body("{ __schema { types { fields { type { fields { type { name } } } } } } }"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task AnExecutionThatRunsPastTheTimeoutIsStopped()
    {
        var clock = Stopwatch.StartNew();

        var reply = await server.PostAsync(Body("{ slow }"), accept: Json, path: "/graphql-timeout");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEmpty(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.DoesNotContain("finally", reply.Body, StringComparison.Ordinal);
    }
}
