using System.Net;
using System.Text.Json;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

[Collection(nameof(MutationCounter))]
public sealed class AuthorizationRuleTests(GraphQLTestServer server)
{
    private const string Secure = "/graphql-secure";
    private static readonly (string, string)[] Anonymous = [];
    private static readonly (string, string)[] Member = [("X-Test-User", "bob")];
    private static readonly (string, string)[] Agent = [("X-Test-User", "alice"), ("X-Test-Roles", "AGENT")];

    private Task<Reply> PostAsync(string query, (string, string)[] user, object? variables = null, string path = Secure) =>
        server.PostAsync(Body(query, variables), path: path, headers: user);

    private static void AssertRefused(Reply reply, HttpStatusCode status, string code, string mentions)
    {
        Assert.Equal(status, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _), "nothing may run: " + reply.Body);
        var errors = reply.Json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("extensions").GetProperty("code").GetString() == code
            && e.GetProperty("message").GetString()!.Contains(mentions, StringComparison.Ordinal));
    }

    private static string? Data(Reply reply, string field)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        Assert.False(reply.Json.TryGetProperty("errors", out _), reply.Body);
        return reply.Json.GetProperty("data").GetProperty(field).ToString();
    }

    [Fact]
    public async Task AnAnonymousCallerMayAskForTheTypename()
    {
        Assert.Equal("Query", Data(await PostAsync("{ __typename }", Anonymous), "__typename"));
    }

    [Fact]
    public async Task AnAnonymousCallerMayIntrospect()
    {
        var reply = await PostAsync("{ __schema { queryType { name } } __type(name: \"Query\") { name } }", Anonymous);

        Assert.Contains("\"Query\"", Data(reply, "__schema"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnonymousTypenameAndIntrospectionTurnedOffAnAnonymousCallerGets401()
    {
        AssertRefused(await PostAsync("{ __typename }", Anonymous, path: "/graphql-locked"), HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED", "the schema");
        AssertRefused(await PostAsync("{ __schema { queryType { name } } }", Anonymous, path: "/graphql-locked"), HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED", "the schema");
        Assert.Equal("Query", Data(await PostAsync("{ __typename }", Member, path: "/graphql-locked"), "__typename"));
    }

    [Fact]
    public async Task AnAnonymousCallerAskingForDataGets401AndNothingRuns()
    {
        var before = TestMutation.Counter;

        AssertRefused(await PostAsync("{ userName }", Anonymous), HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED", "the schema");
        AssertRefused(await PostAsync("mutation { increment }", Anonymous), HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED", "the schema");
        // Also with application/json, where validation failures are otherwise 200.
        var json = await server.PostAsync(Body("{ userName }"), accept: Json, path: Secure);
        Assert.Equal(HttpStatusCode.Unauthorized, json.Status);
        Assert.Equal(before, TestMutation.Counter);
    }

    [Fact]
    public async Task AFieldMarkedAllowAnonymousRunsForAnAnonymousCallerWhenNothingElseIsSelected()
    {
        Assert.Equal("Hello, world!", Data(await PostAsync("{ hello }", Anonymous), "hello"));
        AssertRefused(await PostAsync("{ hello userName }", Anonymous), HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED", "the schema");
    }

    [Fact]
    public async Task ASignedInCallerWithoutTheFieldsRoleIsRefusedAndOneWithItIsServed()
    {
        AssertRefused(await PostAsync("{ secret }", Member), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Query.secret'");
        Assert.Equal("The eagle has landed.", Data(await PostAsync("{ secret }", Agent), "secret"));
    }

    [Fact]
    public async Task AMutationNeedsItsRoleAndDoesNotRunWithout()
    {
        var before = TestMutation.Launches;

        AssertRefused(await PostAsync("mutation { launch }", Agent), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Mutation.launch'");
        Assert.Equal(before, TestMutation.Launches);
        Assert.NotNull(Data(await PostAsync("mutation { launch }", [("X-Test-User", "chief"), ("X-Test-Roles", "COMMANDER")]), "launch"));
    }

    [Theory]
    [InlineData("{ ...F } fragment F on Query { secret }")]
    [InlineData("fragment F on Query { secret } query { ...F }")]
    [InlineData("{ ... on Query { hello secret } }")]
    [InlineData("{ ...Outer } fragment Outer on Query { ...Inner } fragment Inner on Query { ... { secret } }")]
    [InlineData("{ harmless: hello alsoHarmless: secret }")]
    [InlineData("query { hello @include(if: true) secret @skip(if: false) }")]
    public async Task FragmentsAliasesAndDirectivesDoNotHideAFieldThatWillRun(string query)
    {
        AssertRefused(await PostAsync(query, Member), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Query.secret'");
    }

    [Fact]
    public async Task AFieldThatSkipOrIncludeLeavesOutNeedsNoAuthorization()
    {
        const string query = "query($skip: Boolean!, $include: Boolean!) { hello secret @skip(if: $skip) other: secret @include(if: $include) }";

        Assert.Equal("Hello, world!", Data(await PostAsync(query, Member, new { skip = true, include = false }), "hello"));
        AssertRefused(await PostAsync(query, Member, new { skip = false, include = false }), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Query.secret'");
        AssertRefused(await PostAsync(query, Member, new { skip = true, include = true }), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Query.secret'");
        Assert.Equal("Hello, world!", Data(await PostAsync("{ hello ...F @skip(if: true) } fragment F on Query { secret }", Member), "hello"));
    }

    [Fact]
    public async Task ATypesRequirementAppliesWhereverItIsSelected()
    {
        AssertRefused(await PostAsync("{ profile { name } }", Member), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "type 'Profile'");
        Assert.Equal("Alice", JsonDocument.Parse(Data(await PostAsync("{ profile { name } }", [("X-Test-User", "carol"), ("X-Test-Roles", "FRIEND")]), "profile")!)
            .RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AFieldsPolicyIsEvaluatedThroughTheAuthorizationService()
    {
        (string, string)[] friend = [("X-Test-User", "carol"), ("X-Test-Roles", "FRIEND")];

        AssertRefused(await PostAsync("{ profile { badge } }", friend), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Profile.badge'");
        Assert.Contains("007", Data(await PostAsync("{ profile { badge } }", [.. friend, ("X-Test-Badge", "yes")]), "profile"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnArgumentsRequirementAppliesOnlyWhenTheArgumentIsGiven()
    {
        Assert.Equal("psst", Data(await PostAsync("{ echo(text: \"psst\") }", Member), "echo"));
        AssertRefused(await PostAsync("{ echo(text: \"psst\", loud: true) }", Member), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "argument 'loud'");
        Assert.Equal("PSST", Data(await PostAsync("{ echo(text: \"psst\", loud: true) }", Agent), "echo"));
    }

    [Fact]
    public async Task TheRuleStillAppliesToADocumentServedFromTheCache()
    {
        const string query = "{ secret cached: hello }";
        Assert.Equal("The eagle has landed.", Data(await PostAsync(query, Agent), "secret"));

        AssertRefused(await PostAsync(query, Member), HttpStatusCode.BadRequest, "AUTH_NOT_AUTHORIZED", "'Query.secret'");
    }
}
