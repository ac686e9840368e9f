using System.Net;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>A query's answer carries an ETag; a client holding the same bytes is answered 304 with no body, by GET and POST.</summary>
[Collection(nameof(MutationCounter))]
public sealed class ValidatorTests(GraphQLTestServer server)
{
    private static readonly Dictionary<string, string> Hello = new() { ["query"] = "{ hello }" };

    private Task<Reply> GetAsync(string? ifNoneMatch, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var query = string.Join('&', (parameters ?? Hello).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/graphql?" + query));
        return server.SendAsync(request, headers: ifNoneMatch is null ? [] : [("If-None-Match", ifNoneMatch)]);
    }

    private static string Tag(Reply reply) => reply.Response.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException("no ETag");

    [Fact]
    public async Task AQueryAnswerHasAnETagAndIsRevalidatedRatherThanStored()
    {
        var first = await GetAsync(null);
        var again = await GetAsync(null);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Matches("^\"[0-9a-f]{32}\"$", Tag(first));
        Assert.Equal(Tag(first), Tag(again));
        Assert.True(first.Response.Headers.CacheControl is { Private: true, NoCache: true, NoStore: false }, $"{first.Response.Headers.CacheControl}");
        Assert.Equal(first.Body.Length, first.Response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("*")]
    public async Task TheSameBytesHeldByTheClientAre304WithNoBody(string held)
    {
        var tag = Tag(await GetAsync(null));

        var revalidated = await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, held, tag));

        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal("", revalidated.Body);
        Assert.Equal(tag, Tag(revalidated));
    }

    [Fact]
    public async Task ADifferentAnswerIsSentWholeWithItsOwnTag()
    {
        var tag = Tag(await GetAsync(null));

        var other = await GetAsync(tag, new Dictionary<string, string> { ["query"] = "query($n: String) { hello(name: $n) }", ["variables"] = "{\"n\":\"Ada\"}" });

        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Contains("Ada", other.Body);
        Assert.NotEqual(tag, Tag(other));
    }

    [Fact]
    public async Task APostedQueryIsRevalidatedTooButAMutationNever()
    {
        var query = await server.PostAsync(GraphQLHttp.Body("{ hello }"));
        var revalidated = await server.PostAsync(GraphQLHttp.Body("{ hello }"), headers: ("If-None-Match", Tag(query)));
        var mutation = await server.PostAsync(GraphQLHttp.Body("mutation { increment }"), headers: ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal(HttpStatusCode.OK, mutation.Status);
        Assert.Null(mutation.Response.Headers.ETag);
        Assert.Contains("increment", mutation.Body);
    }
}
