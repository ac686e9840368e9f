using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class MethodTests(GraphQLTestServer server)
{
    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task RefusesMethodsOtherThanGetAndPostWith405(string method)
    {
        var reply = await server.SendAsync(new HttpRequestMessage(new HttpMethod(method), server.GraphQLEndpoint));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, reply.Status);
        Assert.Equal(["GET", "POST"], reply.Response.Content.Headers.Allow);
    }
}
