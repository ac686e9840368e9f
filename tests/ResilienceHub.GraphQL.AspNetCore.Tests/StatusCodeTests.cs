using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class StatusCodeTests(GraphQLTestServer server)
{
    private static readonly string[] s_requestErrors =
    [
        Body("{"),                                            // does not parse
        Body("{ noSuchField }"),                              // does not validate
        Body("query Q($id: ID!) { __typename }", new { id = (string?)null }), // variables do not coerce
        Body("subscription { __typename }"),                  // not served over HTTP
    ];

    public static TheoryData<string, string, HttpStatusCode> RequestErrors()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var body in s_requestErrors)
        {
            data.Add(body, GraphQLResponse, HttpStatusCode.BadRequest);
            data.Add(body, Json, HttpStatusCode.OK);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task AnswersARequestErrorWithoutDataWith400ForGraphQLResponseJsonAnd200ForJson(string body, string accept, HttpStatusCode expected)
    {
        var reply = await server.PostAsync(body, accept: accept);

        Assert.Equal(expected, reply.Status);
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
