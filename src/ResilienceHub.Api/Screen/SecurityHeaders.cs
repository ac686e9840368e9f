using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Screen;

/// <summary>
/// What every response says about itself: its pages run only the screen's own scripts and may be framed only by the
/// screen (the silent renewal's iframe), content types are not guessed, no address leaks to other sites, signed-in
/// answers are never stored by a cache, and the server does not name itself.
/// </summary>
public static class SecurityHeaders
{
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        // Read on the first request: commands that never serve must not need the sign-in settings.
        var policy = new Lazy<string>(() => ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.Authority));
        return app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = policy.Value;
            headers.XFrameOptions = "SAMEORIGIN";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Headers.Authorization.Count > 0 || http.Request.Path.StartsWithSegments(GraphQLExtensions.Path))
            {
                headers.CacheControl = "no-store";
            }

            return next(http);
        });
    }

    /// <summary>The pages' policy; the OpenID Connect authority is reached by the sign-in's requests and the silent renewal's iframe.</summary>
    public static string ContentSecurityPolicy(string? authority)
    {
        var signIn = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        // GraphiQL's editor adds style elements and runs its language services in workers.
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
            $"connect-src 'self'{signIn}",
            $"frame-src 'self'{signIn}",
            $"form-action 'self'{signIn}",
            "frame-ancestors 'self'",
            "base-uri 'none'",
            "object-src 'none'");
    }
}
