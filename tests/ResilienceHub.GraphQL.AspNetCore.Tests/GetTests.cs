using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

[Collection(nameof(MutationCounter))]
public sealed class GetTests(GraphQLTestServer server)
{
    [Fact]
    public async Task ExecutesAQueryFromTheQueryString()
    {
        var reply = await server.GetAsync(new Dictionary<string, string> { ["query"] = "{ hello }" });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, world!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task ReadsOperationNameVariablesAndExtensionsAsJson()
    {
        var reply = await server.GetAsync(new Dictionary<string, string>
        {
            ["query"] = "query A { hello } query B($name: String) { hello(name: $name) }",
            ["operationName"] = "B",
            ["variables"] = "{\"name\":\"Grace\"}",
            ["extensions"] = "{\"some\":\"value\"}",
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, Grace!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Theory]
    [InlineData("variables", "{not json", "not valid JSON")]
    [InlineData("variables", "[1]", "must be a JSON object")]
    [InlineData("extensions", "\"text\"", "must be a JSON object")]
    public async Task RejectsParametersThatAreNotJsonObjectsWith400(string name, string value, string messagePart)
    {
        var reply = await server.GetAsync(new Dictionary<string, string> { ["query"] = "{ hello }", [name] = value });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(messagePart, reply.FirstError.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RejectsAMissingQueryWith400()
    {
        var reply = await server.GetAsync(new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("'query'", reply.FirstError.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("mutation { increment }", null)]
    [InlineData("query Q { hello } mutation M { increment }", "M")]
    public async Task RefusesAMutationWith405AndAllowPostWithoutRunningIt(string query, string? operationName)
    {
        var before = TestMutation.Counter;
        var parameters = new Dictionary<string, string> { ["query"] = query };
        if (operationName is not null)
        {
            parameters["operationName"] = operationName;
        }

        var reply = await server.GetAsync(parameters);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, reply.Status);
        Assert.Equal(["POST"], reply.Response.Content.Headers.Allow);
        Assert.Equal(before, TestMutation.Counter);
    }

    [Fact]
    public async Task RunsTheQueryOfADocumentThatAlsoHoldsAMutation()
    {
        var reply = await server.GetAsync(new Dictionary<string, string>
        {
            ["query"] = "query Q { hello } mutation M { increment }",
            ["operationName"] = "Q",
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }
}
