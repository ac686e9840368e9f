using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class StatusCodeTests(GraphQLTestServer server)
{
    public static TheoryData<string> RequestErrors => new()
    {
        Body("{"),                                            // does not parse
        Body("{ noSuchField }"),                              // does not validate
        Body("query Q($id: ID!) { __typename }", new { id = (string?)null }), // variables do not coerce
        Body("subscription { __typename }"),                  // not served over HTTP
    };

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task AnswersARequestErrorWith400AndNoDataForGraphQLResponseJson(string body)
    {
        var reply = await server.PostAsync(body, accept: GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _));
        Assert.NotEmpty(reply.FirstError.GetProperty("message").GetString()!);
    }

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task AnswersARequestErrorWith200ForApplicationJson(string body)
    {
        var reply = await server.PostAsync(body, accept: Json);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _));
        Assert.NotEmpty(reply.FirstError.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData(GraphQLResponse)]
    [InlineData(Json)]
    public async Task AnswersAFieldErrorWithDataWith200(string accept)
    {
        var reply = await server.PostAsync(Body("{ hello notFound }"), accept: accept);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, world!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal("NOT_FOUND", reply.FirstError.GetProperty("extensions").GetProperty("code").GetString());
    }
}
