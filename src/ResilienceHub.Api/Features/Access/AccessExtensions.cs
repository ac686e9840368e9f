using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace ResilienceHub.Api.Features.Access;

/// <summary>The <c>RateLimiting</c> configuration section: requests per window, per signed-in identity or anonymous address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";
    public const string Policy = "per-identity";

    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class AccessExtensions
{
    /// <summary>JWT bearer authentication, ASP.NET Core authorization and per-identity rate limiting.</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AccessOptions.Section);
        var access = section.Get<AccessOptions>() ?? new AccessOptions();
        builder.Services.Configure<AccessOptions>(section);
        if (access.DevelopmentSigningKey is { Length: > 0 } && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException("Authentication:DevelopmentSigningKey is set in Production; configure Authentication:Authority and Authentication:Audience instead.");
        }

        var proxies = builder.Configuration.GetSection(TrustedProxies.Section).Get<TrustedProxies>() ?? new TrustedProxies();
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

        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.AddPolicy(RateLimitOptions.Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 }));
            rateLimiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new
                {
                    errors = new[] { new { message = "Too many requests; wait as Retry-After says, then try again.", extensions = new { code = "RATE_LIMITED" } } },
                }, cancellationToken);
            };
        });
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

    // A whole trust can sit behind one NAT address, so the address is only the partition for anonymous callers.
    private static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && (http.User.FindFirstValue("sub") ?? http.User.Identity.Name) is { } subject
            ? "identity:" + subject
            : "address:" + http.Connection.RemoteIpAddress;
}
