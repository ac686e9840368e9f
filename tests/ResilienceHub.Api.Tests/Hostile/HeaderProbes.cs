using System.Net;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>What every answer says about itself: no framing by other sites, no guessed types, nothing cached that was signed for.</summary>
public sealed class HeaderProbes(DemoApi api) : IClassFixture<DemoApi>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/screen/sign-in")]
    [InlineData("/graphql?query=%7B__typename%7D")]
    [InlineData("/health/live")]
    public async Task EveryAnswerForbidsFramingByOtherSitesAndTypeSniffingAndNamesNoServer(string path)
    {
        using var client = api.Factory.CreateAnonymousClient();

        using var response = await client.GetAsync(path, Cancellation);

        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task ASignedInAnswerIsNeverStoredBySharedCachesAndOnlyAQueryIsKeptToRevalidate()
    {
        var id = (string)(await api.Client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;
        StringContent Post(string query) => new(System.Text.Json.JsonSerializer.Serialize(new { query }), System.Text.Encoding.UTF8, "application/json");

        using var query = await api.Client.PostAsync("/graphql", Post("{ incidents { id } }"), Cancellation);
        using var mutation = await api.Client.PostAsync("/graphql", Post("mutation { standDownIncident(incidentId: \"4242\") { errors { code } } }"), Cancellation);
        using var refused = await api.Client.PostAsync("/graphql", Post("{ nothing }"), Cancellation);
        using var export = await api.Client.GetAsync($"/incidents/{id}/sitreps.csv", Cancellation);

        // A query's answer may stay in the caller's own browser, to be asked for again with its ETag; nothing else is kept.
        Assert.True(query.Headers.CacheControl is { Private: true, NoCache: true, NoStore: false }, $"{query.Headers.CacheControl}");
        Assert.NotNull(query.Headers.ETag);
        Assert.True(mutation.Headers.CacheControl!.NoStore);
        Assert.True(refused.Headers.CacheControl!.NoStore);
        Assert.True(export.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task TheScreenHasAFavicon()
    {
        using var client = api.Factory.CreateAnonymousClient();

        using var ico = await client.GetAsync("/favicon.ico", Cancellation);
        using var svg = await client.GetAsync("/favicon.svg", Cancellation);
        var page = await client.GetStringAsync("/", Cancellation);

        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("rel=\"icon\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePolicyLetsTheSignInReachItsAuthorityAndNothingElse()
    {
        var policy = Api.Screen.SecurityHeaders.ContentSecurityPolicy("https://login.example.nhs.uk/tenant/v2.0");

        Assert.Contains("connect-src 'self' https://login.example.nhs.uk;", policy, StringComparison.Ordinal);
        Assert.Contains("frame-src 'self' https://login.example.nhs.uk;", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
    }
}
