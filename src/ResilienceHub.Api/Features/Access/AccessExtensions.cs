using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ResilienceHub.Api.Features.Access;

public static class AccessExtensions
{
    /// <summary>JWT bearer authentication, ASP.NET Core authorization and per-identity rate limiting (<see cref="RateLimits"/>).</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        var access = builder.AddValidatedOptions<AccessOptions>(AccessOptions.Section);
        // Checked when the server starts or a command first reads these settings (token does; schema and migrate need none).
        builder.Services.AddSingleton<IValidateOptions<AccessOptions>>(new EnvironmentValidation(builder.Environment));

        var proxies = builder.AddValidatedOptions<TrustedProxies>(TrustedProxies.Section);
        builder.Services.AddSingleton(proxies);
        // Built at start, so a mistyped address stops it, named, rather than the first request.
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure(proxies.Configure).ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Claim names stay as issued ("roles", "ods", "name"), not remapped to long URIs.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.NameClaimType = access.NameClaim;
            jwt.TokenValidationParameters.RoleClaimType = access.RoleClaim;
            jwt.TokenValidationParameters.ValidateIssuer = true;
            jwt.TokenValidationParameters.ValidateAudience = true;
            jwt.TokenValidationParameters.ValidateLifetime = true;
            jwt.TokenValidationParameters.RequireSignedTokens = true;
            jwt.TokenValidationParameters.ClockSkew = access.ClockSkew;
            // Why a token failed (expired, wrong audience …) helps a developer and an attacker alike: said locally only.
            jwt.IncludeErrorDetails = builder.Environment.IsDevelopment();
            if (access.DevelopmentSigningKey is { Length: > 0 } key)
            {
                jwt.TokenValidationParameters.ValidIssuer = AccessOptions.DevelopmentIssuer;
                jwt.TokenValidationParameters.ValidAudience = AccessOptions.DevelopmentAudience;
                jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(key);
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                // Keys and the expected issuer come from the authority's OpenID Connect metadata.
                jwt.Authority = access.Authority;
                jwt.Audience = access.Audience;
                // Also in the parameters themselves, which WebSocketAuthentication clones for connection_init tokens.
                jwt.TokenValidationParameters.ValidAudience = access.Audience;
                // Metadata over plain http only from this machine (a local test provider): nothing on a network can alter it.
                jwt.RequireHttpsMetadata = !IsLoopbackHttp(access.Authority);
            }
        });
        builder.Services.AddAuthorization();

        builder.AddRateLimits();
        return builder;
    }

    /// <summary>
    /// The client's address as the trusted proxies forwarded it (only when some are configured: with none, ASP.NET Core
    /// would believe anyone's header); authentication before the rate limiter, so a signed-in caller is counted as
    /// itself; authorization for the plain HTTP endpoints (the CSV export).
    /// </summary>
    public static IApplicationBuilder UseAccess(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<TrustedProxies>().Any)
        {
            app.UseForwardedHeaders();
        }

        return app.UseAuthentication().UseAuthorization().UseRateLimiter();
    }

    private static bool IsLoopbackHttp(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;

    private sealed class EnvironmentValidation(IHostEnvironment environment) : IValidateOptions<AccessOptions>
    {
        public ValidateOptionsResult Validate(string? name, AccessOptions options) =>
            options.ProblemsIn(environment).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
