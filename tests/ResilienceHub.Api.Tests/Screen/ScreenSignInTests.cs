using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Screen;

/// <summary>GET /screen/sign-in tells the page how to sign in, from the API's own Authentication settings.</summary>
public class ScreenSignInTests
{
    [Fact]
    public async Task WithADevelopmentKeyThePageIsToldToUseDevelopmentTokens()
    {
        await using var api = new ApiFactory();

        var (status, body) = await GetAsync(api);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"mode":"development"}""", body.ToJsonString());
    }

    [Fact]
    public async Task WithAnAuthorityAndAClientIdThePageIsToldWhereAndAsWhomToSignIn()
    {
        await using var api = Production(new ApiFactory())
            .With("Authentication:ClientId", "resiliencehub-screen")
            .With("Authentication:Scope", "openid profile api://resiliencehub/access_as_user");

        var (status, body) = await GetAsync(api);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"mode":"oidc","authority":"https://login.example.test/tenant/v2.0","clientId":"resiliencehub-screen","scope":"openid profile api://resiliencehub/access_as_user"}""",
            body.ToJsonString());
    }

    [Fact]
    public async Task TheScopeDefaultsToOpenIdAndProfile()
    {
        await using var api = Production(new ApiFactory()).With("Authentication:ClientId", "resiliencehub-screen");

        var (_, body) = await GetAsync(api);

        Assert.Equal("openid profile", (string?)body["scope"]);
    }

    [Fact]
    public async Task WithAnAuthorityButNoClientIdThePageIsToldWhySignInIsUnavailable()
    {
        await using var api = Production(new ApiFactory());

        var (_, body) = await GetAsync(api);

        Assert.Equal("unavailable", (string?)body["mode"]);
        Assert.Contains("Authentication:ClientId", (string?)body["reason"], StringComparison.Ordinal);
        Assert.Null(body["authority"]);
    }

    [Fact]
    public async Task AnHttpAuthorityIsTrustedOnlyOnThisMachine()
    {
        await using var loopback = Production(new ApiFactory()).With("Authentication:Authority", "http://127.0.0.1:5081");
        await using var https = Production(new ApiFactory());

        Assert.False(JwtOptions(loopback).RequireHttpsMetadata);
        Assert.True(JwtOptions(https).RequireHttpsMetadata);
        // An http authority anywhere else stops the start (TokenCommandTests.TheApiRefusesToStartWithAnAuthorityItCannotTrust).
    }

    [Fact]
    public async Task TokensOnTheWebSocketAreCheckedForTheConfiguredAudience()
    {
        await using var api = Production(new ApiFactory());

        Assert.Equal("api://resiliencehub", JwtOptions(api).TokenValidationParameters.ValidAudience);
    }

    private static ApiFactory Production(ApiFactory api) => api
        .With("Authentication:DevelopmentSigningKey", null)
        .With("Authentication:Authority", "https://login.example.test/tenant/v2.0")
        .With("Authentication:Audience", "api://resiliencehub");

    private static JwtBearerOptions JwtOptions(ApiFactory api) =>
        api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(ApiFactory api)
    {
        using var client = api.CreateAnonymousClient();
        using var response = await client.GetAsync("/screen/sign-in", TestContext.Current.CancellationToken);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
    }
}
