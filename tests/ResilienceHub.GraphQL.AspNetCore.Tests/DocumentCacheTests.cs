using System.Net;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Errors;
using ResilienceHub.GraphQL.AspNetCore.Limits;
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
    public async Task AnswersADocumentNestedDeeperThanTheParserAllowsAsARequestErrorWithoutAStackTrace()
    {
        var query = UniqueQuery($"{{ {string.Concat(Enumerable.Repeat("hello { ", 200))}{string.Concat(Enumerable.Repeat("} ", 200))}}} # $");

        var reply = await server.PostAsync(Body(query));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var error = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(DocumentLimitError.MaxDepthExceeded, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain(UnexpectedError.ErrorCode, reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Exception is GraphQLMaxDepthExceededException);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Warning && e.Exception is null
            && e.Message.Contains(DocumentLimitError.MaxDepthExceeded, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParsesAQueryThatDoesNotParseOnlyOnceForTheExecuter()
    {
        var query = UniqueQuery("{ hello(name: \"$\"");

        var reply = await server.PostAsync(Body(query));

        // The endpoint's own parse and the cache's; the executer is not asked to parse it a third time.
        Assert.Equal(2, server.Parses.ParsesOf(query));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith("Error parsing query", reply.FirstError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("SYNTAX_ERROR", reply.FirstError.GetProperty("extensions").GetProperty("code").GetString());
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
