using System.Diagnostics;
using System.Text;
using ResilienceHub.GraphQL.AspNetCore.Limits;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// The costliest documents found that the default document limits let through to validation, each answered well
/// within the bound. Run with <c>-class "*DocumentLimitWorstCaseTests" -diagnostics</c> to see the timings. They run
/// alone, after the rest, since a timing taken while the Node clients of other tests start says nothing.
/// </summary>
[Collection(nameof(DocumentLimitWorstCaseTests))]
[CollectionDefinition(nameof(DocumentLimitWorstCaseTests), DisableParallelization = true)]
public sealed class DocumentLimitWorstCaseTests(ServerWithoutComplexityLimits unlimited) : IClassFixture<ServerWithoutComplexityLimits>
{
    // By name, so that the test's display name is not the whole document.
    private static readonly Dictionary<string, string> s_documents = Documents();

    public static TheoryData<string> Names() => [.. s_documents.Keys];

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static Dictionary<string, string> Documents()
    {
        var fragmentsSpreadTogether = new StringBuilder($"{{ {string.Concat(Enumerable.Range(0, 32).Select(i => $"...F{i} "))}}}\n");
        for (var i = 0; i < 32; i++)
        {
            fragmentsSpreadTogether.Append($"fragment F{i} on Query {{ hello(name: \"{i}\") }}\n");
        }
        var fanOut = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < 7; i++)
        {
            fanOut.Append($"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n");
        }
        fanOut.Append("fragment F7 on Query { hello ok greeting }\n");

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            { "45 same-named fields with different arguments: 990 conflicts", $"{{ {string.Concat(Enumerable.Range(0, 45).Select(i => $"hello(name: \"{i}\") "))}}}" },
            { "32 fragments spread together, each with a conflicting field", fragmentsSpreadTogether.ToString() },
            { "a chain 8 deep spreading each fragment twice: 1,898 selections", fanOut.ToString() },
            { "100 repeated directives without their argument", $"{{ ok {Repeat("@skip ", 100)}}}" },
            { "100 unused variables", $"query({string.Concat(Enumerable.Range(0, 100).Select(i => $"$v{i}: Int "))}) {{ ok }}" },
            { "100 repeated arguments", $"{{ hello({Repeat("name: \"x\" ", 100)}) }}" },
            { "1,999 unknown fields", $"{{ {string.Concat(Enumerable.Range(0, 1_999).Select(i => $"f{i} "))}}}" },
            { "the standard introspection query", StandardQueries.Introspection },
        };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task IsAnsweredQuickly(string name)
    {
        var query = s_documents[name];
        var measure = DocumentMeasure.Of(GraphQLParser.Parser.Parse(query));
        var body = Body(query);
        // Signed in: the limits that let most through.
        (string, string) user = ("X-Test-User", "someone");
        await unlimited.Server.PostAsync(body, accept: Json, headers: user);

        var times = new List<TimeSpan>();
        Reply? reply = null;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            reply = await unlimited.Server.PostAsync(body, accept: Json, headers: user);
            times.Add(clock.Elapsed);
        }
        times.Sort();

        Assert.DoesNotContain("_EXCEEDED", reply!.Body, StringComparison.Ordinal);
        Assert.True(times[1] < TimeSpan.FromSeconds(2), $"{name}: {times[1]}");
        TestContext.Current.SendDiagnosticMessage(
            $"{name}: {body.Length:N0} B, {measure}; median {times[1].TotalMilliseconds:F0} ms, slowest {times[2].TotalMilliseconds:F0} ms, answer {reply.Body.Length:N0} B");
    }
}
