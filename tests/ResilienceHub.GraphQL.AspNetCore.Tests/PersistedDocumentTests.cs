using System.Net;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>GraphQL over HTTP's persisted documents: a registered document named by its SHA256 hex document id.</summary>
[Collection(nameof(MutationCounter))]
public sealed class PersistedDocumentTests(GraphQLTestServer server)
{
    private static readonly string HelloId = PersistedDocumentId.Of(GraphQLTestServer.PersistedHello);

    [Fact]
    public void TheIdIsTheLowerCaseHexSha256OfTheTextAsTheSpecificationsExampleShows() =>
        Assert.Equal("sha256:7dba4bd717b41f10434822356a93c32b1fb4907b983e854300ad839f84cdcd6e",
            PersistedDocumentId.Of("query ($id: ID!) {\n  user(id: $id) {\n    name\n  }\n}"));

    [Fact]
    public async Task ARegisteredDocumentRunsByGetWithItsVariables()
    {
        var reply = await server.GetAsync(new Dictionary<string, string> { ["documentId"] = HelloId, ["variables"] = "{\"name\":\"Grace\"}" });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, Grace!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
        Assert.NotNull(reply.Response.Headers.ETag);
    }

    [Fact]
    public async Task ARegisteredDocumentRunsByPost()
    {
        var reply = await server.PostAsync("{\"documentId\":\"" + HelloId + "\",\"variables\":{\"name\":\"Ada\"}}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, Ada!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Theory]
    [InlineData(GraphQLHttp.GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData(GraphQLHttp.Json, HttpStatusCode.OK)]
    public async Task AnUnknownIdIsAnsweredWithOneErrorAndNoData(string accept, HttpStatusCode status)
    {
        var reply = await server.GetAsync(new Dictionary<string, string> { ["documentId"] = "sha256:" + new string('a', 64) }, accept);

        Assert.Equal(status, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _));
        Assert.Equal(1, reply.Json.GetProperty("errors").GetArrayLength());
        Assert.Equal(PersistedDocumentError.NotFound, reply.FirstError.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"query":"{ hello }","documentId":"sha256:00"}""")]
    [InlineData("""{"documentId":7}""")]
    public async Task BothTextAndIdOrAnIdThatIsNotAStringIsABadRequest(string body)
    {
        var reply = await server.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }
}
