using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class ExecutionHookTests(GraphQLTestServer server)
{
    [Fact]
    public async Task BuildsTheUserContextFromTheHttpContext()
    {
        var reply = await server.PostAsync(Body("{ greeting }"), headers: ("X-Greeting", "Good morning"));

        Assert.Equal("Good morning", reply.Json.GetProperty("data").GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task GivesResolversTheHttpUserRequestServicesAndAbortToken()
    {
        var reply = await server.PostAsync(Body("{ userName hasRequestServices canBeCancelled }"), headers: ("X-Test-User", "alice"));

        var data = reply.Json.GetProperty("data");
        Assert.Equal("alice", data.GetProperty("userName").GetString());
        Assert.True(data.GetProperty("hasRequestServices").GetBoolean());
        Assert.True(data.GetProperty("canBeCancelled").GetBoolean());
    }

    [Fact]
    public async Task AppliesValidationRulesAddedForTheRequest()
    {
        var reply = await server.PostAsync(Body("{ hello }"), headers: ("X-Deny", "yes"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(DenyingValidationRule.Message, reply.FirstError.GetProperty("message").GetString());
    }
}
