using System.Net;
using System.Text;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

[Collection(nameof(MutationCounter))]
public sealed class PostTests(GraphQLTestServer server)
{
    [Fact]
    public async Task ExecutesAQueryWith200()
    {
        var reply = await server.PostAsync(Body("{ hello }"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, world!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task PassesVariablesToTheOperation()
    {
        var reply = await server.PostAsync(Body("query Greet($name: String) { hello(name: $name) }", new { name = "Ada" }));

        Assert.Equal("Hello, Ada!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task RunsMutations()
    {
        var before = TestMutation.Counter;

        var reply = await server.PostAsync(Body("mutation { increment }"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json.GetProperty("data").GetProperty("increment").GetInt32() > before);
    }

    [Fact]
    public async Task AcceptsAnExplicitUtf8Charset()
    {
        var reply = await server.PostAsync(Body("{ hello(name: \"Zoë 🏊\") }"), contentType: "application/json; charset=UTF-8");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, Zoë 🏊!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/graphql")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task RefusesAnUnsupportedMediaTypeWith415(string contentType)
    {
        var reply = await server.PostAsync(Body("{ hello }"), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.NotEmpty(reply.FirstError.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task RefusesACharsetOtherThanUtf8With415()
    {
        var reply = await server.PostAsync(Body("{ hello }"), "application/json; charset=iso-8859-1");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
    }

    [Fact]
    public async Task RefusesABodyWithoutContentTypeWith415()
    {
        var reply = await server.PostAsync(Body("{ hello }"), contentType: null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
    }

    [Theory]
    [InlineData("{ \"not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[{\"query\":\"{ hello }\"}]", "must be a JSON object")]
    [InlineData("\"{ hello }\"", "must be a JSON object")]
    [InlineData("{}", "'query'")]
    [InlineData("{\"query\":1}", "'query'")]
    [InlineData("{\"query\":null}", "'query'")]
    [InlineData("{\"query\":\"{ hello }\",\"operationName\":false}", "'operationName'")]
    [InlineData("{\"query\":\"{ hello }\",\"variables\":\"{}\"}", "'variables'")]
    [InlineData("{\"query\":\"{ hello }\",\"variables\":[1]}", "'variables'")]
    [InlineData("{\"query\":\"{ hello }\",\"extensions\":0}", "'extensions'")]
    public async Task RejectsABadRequestBodyWith400AndAGraphQLShapedError(string body, string messagePart)
    {
        foreach (var accept in new[] { GraphQLResponse, Json })
        {
            var reply = await server.PostAsync(body, accept: accept);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.StartsWith(accept, reply.ContentType);
            Assert.Contains(messagePart, reply.FirstError.GetProperty("message").GetString());
            Assert.False(reply.Json.TryGetProperty("data", out _));
        }
    }

    [Fact]
    public async Task AllowsNullOptionalParameters()
    {
        var reply = await server.PostAsync("{\"query\":\"{ hello }\",\"operationName\":null,\"variables\":null,\"extensions\":null}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(reply.Json.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task RefusesABodyOverTheLimitWith413()
    {
        var body = Body("{ hello(name: \"" + new string('x', GraphQLTestServer.SmallBodyLimit) + "\") }");

        var reply = await server.PostAsync(body, path: "/graphql-small");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Contains("larger than", reply.FirstError.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RefusesAChunkedBodyOverTheLimitWith413()
    {
        var body = Body("{ hello(name: \"" + new string('x', GraphQLTestServer.SmallBodyLimit) + "\") }");
        // No Content-Length, so the limit must be enforced while reading.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/graphql-small")) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var reply = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
    }

    [Fact]
    public async Task ServesABodyWithinTheLimit()
    {
        var reply = await server.PostAsync(Body("{ hello }"), path: "/graphql-small");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }
}
