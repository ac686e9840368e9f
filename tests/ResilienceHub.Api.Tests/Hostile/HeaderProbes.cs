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
    public async Task ASignedInAnswerIsNeverStoredByACache()
    {
        var id = (string)(await api.Client.QueryAsync("{ incidents { id } }"))["incidents"]![0]!["id"]!;

        using var graphql = await api.Client.PostAsync("/graphql", new StringContent("""{"query":"{ incidents { id } }"}""", System.Text.Encoding.UTF8, "application/json"), Cancellation);
        using var export = await api.Client.GetAsync($"/incidents/{id}/sitreps.csv", Cancellation);

        Assert.True(graphql.Headers.CacheControl!.NoStore);
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
