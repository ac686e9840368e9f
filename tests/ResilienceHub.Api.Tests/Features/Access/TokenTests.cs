using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>Only a token signed with the configured key, for this API, from its issuer, still in date, signs anyone in.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static string Mint(string? key = ApiFactory.TestSigningKey, string issuer = AccessOptions.DevelopmentIssuer,
        string audience = AccessOptions.DevelopmentAudience, DateTime? expires = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "mallory"), new Claim("name", "Mallory"), new Claim("roles", "DIRECTOR")]),
            IssuedAt = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = key is null ? null : new SigningCredentials(DevelopmentTokens.Key(key), SecurityAlgorithms.HmacSha256),
        });

    private static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static readonly string OtherKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-key-the-api-trusts-00000"));

    public static TheoryData<string, string> RefusedTokens() => new()
    {
        { "expired an hour ago", Mint(expires: DateTime.UtcNow.AddHours(-1)) },
        // The allowance for clocks that disagree is 30 seconds, not the library's 5 minutes.
        { "expired two minutes ago", Mint(expires: DateTime.UtcNow.AddMinutes(-2)) },
        { "signed with another key", Mint(key: OtherKey) },
        { "for another audience", Mint(audience: "someone-elses-api") },
        { "from another issuer", Mint(issuer: "https://evil.example") },
        { "unsigned (alg none, built by the library)", Mint(key: null) },
        {
            "unsigned (alg none, built by hand)",
            Segment("""{"alg":"none","typ":"JWT"}""") + "." + Segment($$"""{"iss":"{{AccessOptions.DevelopmentIssuer}}","aud":"{{AccessOptions.DevelopmentAudience}}","sub":"mallory","name":"Mallory","roles":"DIRECTOR","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""") + "."
        },
        {
            "a valid token's payload swapped for a director's",
            string.Join('.', ApiFactory.Token("Viewer", ["VIEWER"], []).Split('.') is var parts ? [parts[0], Segment($$"""{"iss":"{{AccessOptions.DevelopmentIssuer}}","aud":"{{AccessOptions.DevelopmentAudience}}","sub":"v","roles":"DIRECTOR","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}"""), parts[2]] : [])
        },
        { "not a token at all", "hello" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task ATokenThatDoesNotValidateSignsNobodyIn(string why, string token)
    {
        using var client = ApiFactory.WithToken(_api.CreateClient(), token);

        var response = await client.PostGraphQLAsync("{ incidents { id } }");
        var anonymousView = await client.QueryAsync("{ viewer { name } }");

        Assert.True(response.StatusCode == (int)HttpStatusCode.Unauthorized, $"{why}: {response}");
        Assert.Equal(["AUTH_NOT_AUTHENTICATED"], response.ErrorCodes);
        Assert.Null(anonymousView["viewer"]);
    }

    [Fact]
    public async Task AValidTokenSignsItsBearerIn()
    {
        using var client = ApiFactory.WithToken(_api.CreateClient(), Mint());

        var viewer = (await client.QueryAsync("{ viewer { name roles } }"))["viewer"]!;

        Assert.Equal("Mallory", (string?)viewer["name"]);
        Assert.Equal("DIRECTOR", (string?)viewer["roles"]![0]);
    }

    [Fact]
    public async Task ARefusedTokenIsChallengedWithoutBeingToldWhy()
    {
        using var client = ApiFactory.WithToken(_api.CreateClient(), Mint(expires: DateTime.UtcNow.AddHours(-1)));

        using var response = await client.PostAsync("/graphql",
            new StringContent("""{"query":"{ incidents { id } }"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        // Why a token failed helps whoever forged it as much as whoever lost it; the log has it.
        Assert.DoesNotContain("expired", challenge.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("error_description", challenge.ToString(), StringComparison.Ordinal);
    }
}
