using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class AcceptTests(GraphQLTestServer server)
{
    [Theory]
    [InlineData("application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/json", Json)]
    [InlineData(null, Json)]
    [InlineData("*/*", Json)]
    [InlineData("application/*", Json)]
    [InlineData("application/graphql-response+json, application/json", GraphQLResponse)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/json, application/graphql-response+json;q=0.9", Json)]
    [InlineData("application/graphql-response+json;q=0.5, application/json;q=0.4", GraphQLResponse)]
    [InlineData("application/json;q=0, */*", GraphQLResponse)]
    [InlineData("text/html, */*;q=0.1", Json)]
    public async Task AnswersInTheMostPreferredMediaTypeWithUtf8(string? accept, string expected)
    {
        var reply = await server.PostAsync(Body("{ hello }"), accept: accept);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal($"{expected}; charset=utf-8", reply.ContentType);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml, text/*")]
    [InlineData("application/json;q=0, application/graphql-response+json;q=0")]
    public async Task RefusesAnUnacceptableAcceptWith406(string accept)
    {
        var reply = await server.PostAsync(Body("{ hello }"), accept: accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, reply.Status);
        Assert.Contains("Accept", reply.FirstError.GetProperty("message").GetString());
    }
}
