using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Limits;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// Documents that cost GraphQL.NET's validation minutes, a stack overflow or seconds apiece, each refused by the
/// default document limits in a moment. The bound is generous for a slow machine; without the limits these take
/// minutes, kill the process or take several seconds.
/// </summary>
public sealed class DocumentLimitTests(GraphQLTestServer server, ServerWithoutComplexityLimits unlimited) : IClassFixture<ServerWithoutComplexityLimits>
{
    private static readonly TimeSpan s_quickly = TimeSpan.FromSeconds(2);

    // Signed in, so the larger limits apply; AnAnonymousCallerMaySendOnlySmallDocuments… sends without a user.
    private async Task<Reply> PostTimedAsync(string query, bool signedIn = true)
    {
        var body = Body(query);
        Assert.True(body.Length <= 100 * 1024, $"the body is {body.Length} bytes, past the endpoint's limit");
        var clock = Stopwatch.StartNew();
        var reply = await server.PostAsync(body, headers: signedIn ? [("X-Test-User", "someone")] : []);
        Assert.True(clock.Elapsed < s_quickly, $"answered in {clock.Elapsed}");
        return reply;
    }

    private static void AssertRefused(Reply reply, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.False(reply.Json.TryGetProperty("data", out _), reply.Body);
        var error = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ADirectiveRepeatedThousandsOfTimesIsRefusedBeforeValidationReportsEachRepeat()
    {
        var reply = await PostTimedAsync("{ hello " + string.Concat(Enumerable.Repeat("@skip(if: false) ", 500)) + "}");

        AssertRefused(reply, DocumentLimitError.MaxArgumentsExceeded);
    }

    [Fact]
    public async Task AnAnonymousCallerMaySendOnlySmallDocumentsAndASignedInOneLargerOnes()
    {
        // 600 aliased fields of three nodes each (field, alias, name): past the anonymous 1,000 nodes, within the 10,000.
        var document = "{ " + string.Concat(Enumerable.Range(0, 600).Select(i => $"h{i}: hello ")) + "}";

        var anonymous = await PostTimedAsync(document, signedIn: false);
        var signedIn = await PostTimedAsync(document);

        AssertRefused(anonymous, DocumentLimitError.MaxNodesExceeded);
        Assert.Contains("without a token", anonymous.FirstError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(DocumentLimitError.MaxNodesExceeded, signedIn.FirstError.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task FragmentsThatEachSpreadTheNextTwiceThirtyDeepAreRefusedQuickly()
    {
        var reply = await PostTimedAsync(DocumentMeasureTests.DoublingFragments(30));

        AssertRefused(reply, DocumentLimitError.MaxFragmentDepthExceeded);
        Assert.Contains("at most 8", reply.FirstError.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FragmentsThatMultiplyPastTheSelectionLimitWithinTheAllowedDepthAreRefusedQuickly()
    {
        // 8 deep, each spreading the next three times: 3^8 = 6,561 copies of the last fragment's field.
        var reply = await PostTimedAsync(DocumentMeasureTests.DoublingFragments(7, spreads: 3));

        AssertRefused(reply, DocumentLimitError.MaxSelectionsExceeded);
    }

    [Fact]
    public async Task AChainOfTwoThousandFragmentsIsRefusedQuickly()
    {
        var chain = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < 2_000; i++)
        {
            chain.Append($"fragment F{i} on Query {{ ...F{i + 1} }}\n");
        }
        chain.Append("fragment F2000 on Query { hello }\n");

        var reply = await PostTimedAsync(chain.ToString());

        AssertRefused(reply, DocumentLimitError.MaxFragmentsExceeded);
    }

    [Fact]
    public async Task TwentyThousandSelectionsOfOneFieldAreRefusedQuickly()
    {
        var reply = await PostTimedAsync($"{{ {string.Concat(Enumerable.Repeat("ok ", 20_000))}}}");

        AssertRefused(reply, DocumentLimitError.MaxSelectionsExceeded);
        Assert.Contains("20,000", reply.FirstError.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsNestedDeeperThanAllowedOnceFragmentsAreInlinedAreRefused()
    {
        // Each fragment nests 5 fields and spreads the next: 25 deep inlined, though none is deep as written.
        var text = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < 5; i++)
        {
            text.Append($"fragment F{i} on Query {{ a {{ a {{ a {{ a {{ a {{ {(i < 4 ? $"...F{i + 1}" : "b")} }} }} }} }} }} }}\n");
        }

        var reply = await PostTimedAsync(text.ToString());

        AssertRefused(reply, DocumentLimitError.MaxDepthExceeded);
    }

    [Fact]
    public async Task ADocumentWithMoreNodesThanAllowedIsRefused()
    {
        var reply = await PostTimedAsync($"{{ hello(name: [{string.Join(',', Enumerable.Repeat('1', 10_000))}]) }}");

        AssertRefused(reply, DocumentLimitError.MaxNodesExceeded);
    }

    [Fact]
    public async Task EachRefusalIsLoggedOnceWithItsCodeAndFigureAndNoException()
    {
        // A selection count no other test sends, so that its log line is this test's own.
        var reply = await PostTimedAsync($"{{ {string.Concat(Enumerable.Repeat("ok ", 2_345))}}}");

        AssertRefused(reply, DocumentLimitError.MaxSelectionsExceeded);
        // The refusal's own line: a request's timing logged by the host may hold the same digits.
        var logged = Assert.Single(server.Logs.Entries, e => e.Category.StartsWith("ResilienceHub", StringComparison.Ordinal) && e.Message.Contains("2345", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Null(logged.Exception);
        Assert.Contains(DocumentLimitError.MaxSelectionsExceeded, logged.Message, StringComparison.Ordinal);
        Assert.Contains("2000", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedDocumentIsNotCached()
    {
        var query = $"{{ {string.Concat(Enumerable.Repeat("ok ", 2_001))}}} # {Guid.NewGuid():N}";

        await server.PostAsync(Body(query));
        var second = await server.PostAsync(Body(query));

        AssertRefused(second, DocumentLimitError.MaxSelectionsExceeded);
        Assert.Equal(2, server.Parses.ParsesOf(query));
    }

    [Fact]
    public async Task AFragmentCycleAndAnUnknownFragmentAreLeftToValidation()
    {
        var cycle = await PostTimedAsync("{ ...A } fragment A on Query { hello ...B } fragment B on Query { ok ...A }");
        var unknown = await PostTimedAsync("{ hello ...Missing }");

        Assert.All([cycle, unknown], reply =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.DoesNotContain("_EXCEEDED", reply.Body, StringComparison.Ordinal);
        });
        Assert.Contains("Missing", unknown.FirstError.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameNamedFieldsThatWouldEachPairIntoAConflictAreRefusedQuickly()
    {
        // 1,666 fields under one response name with different arguments: 1.4 million conflicts, one error each.
        var reply = await PostTimedAsync($"{{ {string.Concat(Enumerable.Range(0, 1_666).Select(i => $"hello(name: \"{i}\") "))}}}");

        AssertRefused(reply, DocumentLimitError.MaxMergedFieldPairsExceeded);
    }

    [Fact]
    public async Task SameNamedFieldsSpreadTogetherFromFragmentsAreRefusedQuickly()
    {
        // 32 fragments of 30 fields each, all one response name and spread together: 460,000 pairs.
        var text = new StringBuilder($"{{ {string.Concat(Enumerable.Range(0, 32).Select(i => $"...F{i} "))}}}\n");
        for (var i = 0; i < 32; i++)
        {
            text.Append($"fragment F{i} on Query {{ {string.Concat(Enumerable.Range(0, 30).Select(j => $"hello(name: \"{i}\") "))}}}\n");
        }

        var reply = await PostTimedAsync(text.ToString());

        AssertRefused(reply, DocumentLimitError.MaxMergedFieldPairsExceeded);
    }

    [Fact]
    public async Task ADocumentNearTheLimitsIsServed()
    {
        // A chain 8 deep, each fragment spreading the next twice, down to 3 fields: 1,898 selections, no pairs.
        var text = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < 7; i++)
        {
            text.Append($"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n");
        }
        text.Append("fragment F7 on Query { hello ok greeting }\n");
        var measure = DocumentMeasure.Of(GraphQLParser.Parser.Parse(text.ToString()));
        Assert.Equal((1_898L, 8), (measure.Selections, measure.FragmentDepth));

        var reply = await unlimited.Server.PostAsync(Body(text.ToString()));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json.GetProperty("data").GetProperty("ok").GetBoolean(), reply.Body);
    }

    [Fact]
    public async Task TheStandardIntrospectionQueryStillRuns()
    {
        // The shared server's complexity limits refuse it; the document limits alone must not.
        var reply = await unlimited.Server.PostAsync(Body(StandardQueries.Introspection));

        Assert.False(reply.Json.TryGetProperty("errors", out _), reply.Body);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var types = reply.Json.GetProperty("data").GetProperty("__schema").GetProperty("types");
        Assert.Contains(types.EnumerateArray(), t => t.GetProperty("name").GetString() == "Query");
    }
}
