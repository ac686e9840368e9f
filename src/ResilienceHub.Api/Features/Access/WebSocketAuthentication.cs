using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ResilienceHub.Api.Features.Access;

/// <summary>
/// Who a graphql-transport-ws connection is: browsers cannot set headers on a WebSocket, so the
/// bearer token comes in the <c>connection_init</c> payload (<c>{ "authorization": "Bearer …" }</c>)
/// and is checked exactly as the HTTP endpoint checks it.
/// </summary>
public static class WebSocketAuthentication
{
    public const string PayloadKey = "authorization";

    /// <returns>The token's user; an anonymous user when none is sent (the rules then allow only what anonymous callers may do); null, closing the connection, for a token that does not validate.</returns>
    public static async ValueTask<ClaimsPrincipal?> AuthenticateAsync(HttpContext http, IReadOnlyDictionary<string, object?>? payload)
    {
        var sent = payload?.GetValueOrDefault(PayloadKey)?.ToString();
        if (string.IsNullOrWhiteSpace(sent))
        {
            // A token on the upgrade request itself (non-browser clients) was already checked by the authentication middleware.
            return http.User;
        }

        var token = sent.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? sent["Bearer ".Length..].Trim() : sent.Trim();
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = jwt.TokenValidationParameters.Clone();
        if (jwt.ConfigurationManager is { } metadata)
        {
            var configuration = await metadata.GetConfigurationAsync(http.RequestAborted);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        foreach (var handler in jwt.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid)
            {
                return new ClaimsPrincipal(result.ClaimsIdentity);
            }
        }

        return null;
    }

    /// <summary>
    /// When a connection's credentials run out: its token's expiry (plus the clock skew a token is allowed), after which
    /// the socket is closed (4403) and the client reconnects with a fresh token, as graphql-ws clients do.
    /// </summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal user, TimeSpan clockSkew) =>
        long.TryParse(user.FindFirst("exp")?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) + clockSkew
            : null;
}
