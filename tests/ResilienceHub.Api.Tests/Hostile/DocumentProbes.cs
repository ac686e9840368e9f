using System.Diagnostics;
using System.Net;
using System.Text;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>
/// Documents built to make validation explode, sent anonymously to the API on a real port, over HTTP and over the
/// WebSocket: each is refused with its limit's code well within a bound, and the server answers the next request.
/// </summary>
public sealed class DocumentProbes : IAsyncLifetime
{
    // Generous for a slow shared machine; before the limits these took minutes, or killed the process.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private readonly ApiFactory _api = new ApiFactory().With("RateLimiting:PermitLimit", "10000");
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _api.UseKestrel(0);
        _api.StartServer();
        _client = new HttpClient { BaseAddress = _api.GraphQLEndpoint };
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>F0 spreads F1 twice, F1 spreads F2 twice, …: 2^depth paths for an analysis that walks each spread.</summary>
    private static string DoublingFragments(int depth, int spreads = 2)
    {
        var text = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append($"fragment F{i} on Query {{ {string.Concat(Enumerable.Repeat($"...F{i + 1} ", spreads))}}}\n");
        }

        return text.Append($"fragment F{depth} on Query {{ __typename }}\n").ToString();
    }

    private static string FragmentChain(int length)
    {
        var text = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < length; i++)
        {
            text.Append($"fragment F{i} on Query {{ ...F{i + 1} }}\n");
        }

        return text.Append($"fragment F{length} on Query {{ __typename }}\n").ToString();
    }

    public static TheoryData<string, string, string> Documents() => new()
    {
        { "fragments doubling 30 deep", DoublingFragments(30), "MAX_FRAGMENT_DEPTH_EXCEEDED" },
        { "fragments spread four times each, 7 deep", DoublingFragments(7, spreads: 4), "MAX_SELECTIONS_EXCEEDED" },
        { "a chain of 2,000 fragments", FragmentChain(2_000), "MAX_FRAGMENTS_EXCEEDED" },
        { "one field 9,000 times (what 100 KB holds)", "{ " + string.Concat(Enumerable.Repeat("__typename ", 9_000)) + "}", "MAX_SELECTIONS_EXCEEDED" },
        { "200 levels of nesting", "{ " + string.Concat(Enumerable.Repeat("incidents { ", 200)) + "id" + new string('}', 201), "MAX_DEPTH_EXCEEDED" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task AnAnonymousHostileDocumentIsRefusedWithItsLimitsCodeWithinTheBound(string why, string document, string code)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _client.PostAsync("", new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query = document }), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var took = clock.Elapsed;
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(code, (string?)body["errors"]![0]!["extensions"]!["code"]);
        Assert.True(took < Bound, $"{why}: {took}");
        Assert.Equal("Query", (string?)(await _client.PostGraphQLAsync("{ __typename }")).Data!["__typename"]);
    }

    [Fact]
    public async Task TheSameDocumentOverTheWebSocketIsRefusedTheSameWay()
    {
        await using var session = NodeConformance.StartSession(_api.GraphQLEndpoint);
        await session.WaitForAsync("connected");
        var clock = Stopwatch.StartNew();

        await session.SubscribeAsync("doubling", DoublingFragments(30));
        var refused = await session.WaitForAsync("error", "doubling");

        Assert.Equal("MAX_FRAGMENT_DEPTH_EXCEEDED", (string?)refused["errors"]![0]!["extensions"]!["code"]);
        Assert.True(clock.Elapsed < Bound, $"{clock.Elapsed}");
    }
}
