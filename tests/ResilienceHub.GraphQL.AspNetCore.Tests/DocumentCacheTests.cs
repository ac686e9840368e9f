using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class DocumentCacheTests(GraphQLTestServer server)
{
    // A query text no other test sends, so the parse counts are this test's alone.
    private static string UniqueQuery(string shape) => shape.Replace("$", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

    [Fact]
    public async Task ParsesARepeatedQueryOnlyOnce()
    {
        var query = UniqueQuery("{ hello(name: \"$\") }");

        var first = await server.PostAsync(Body(query));
        var second = await server.PostAsync(Body(query));
        var third = await server.GetAsync(new Dictionary<string, string> { ["query"] = query });

        Assert.All([first, second, third], reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        Assert.Equal(second.Body, first.Body);
        Assert.Equal(1, server.Parses.ParsesOf(query));
    }

    [Fact]
    public async Task DoesNotCacheADocumentThatFailsValidation()
    {
        var query = UniqueQuery("{ field_$ }");

        await server.PostAsync(Body(query));
        var second = await server.PostAsync(Body(query));

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal(2, server.Parses.ParsesOf(query));
    }

    [Fact]
    public async Task DoesNotCacheADocumentThatDoesNotParse()
    {
        var query = UniqueQuery("{ hello(name: \"$\"");

        await server.PostAsync(Body(query));
        var afterFirst = server.Parses.ParsesOf(query);
        var second = await server.PostAsync(Body(query));

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.True(server.Parses.ParsesOf(query) > afterFirst, "the second request should have parsed the text again");
    }

    [Fact]
    public async Task StillValidatesACachedDocumentOnEveryRequest()
    {
        var query = UniqueQuery("{ hello(name: \"$\") }");
        await server.PostAsync(Body(query));

        var denied = await server.PostAsync(Body(query), headers: ("X-Deny", "yes"));
        var allowed = await server.PostAsync(Body(query));

        Assert.Equal(HttpStatusCode.BadRequest, denied.Status);
        Assert.Equal(DenyingValidationRule.Message, denied.FirstError.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal(1, server.Parses.ParsesOf(query));
    }
}
