using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Screen;

/// <summary>
/// How the screen signs in, from the API's own Authentication settings: <c>oidc</c> (authorization code with PKCE at
/// <see cref="Authority"/>, as the public client <see cref="ClientId"/>), <c>development</c> (pasted development tokens) or
/// <c>unavailable</c> (with the <see cref="Reason"/>). Nothing in it is secret.
/// </summary>
public sealed record ScreenSignIn(
    string Mode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Authority = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public const string Path = "/screen/sign-in";

    // The same precedence as AddAccess: where a development key is set, only development tokens validate.
    public static ScreenSignIn From(AccessOptions access) => access switch
    {
        { DevelopmentSigningKey.Length: > 0 } => new("development"),
        { Authority.Length: > 0, ClientId.Length: > 0 } => new("oidc", access.Authority, access.ClientId, access.Scope),
        { Authority.Length: > 0 } => new("unavailable", Reason: "Authentication:ClientId is not set, so the screen cannot sign in at the authority."),
        _ => new("unavailable", Reason: "No OpenID Connect authority is configured (Authentication:Authority, Authentication:ClientId)."),
    };

    /// <summary>GET <see cref="Path"/>, anonymous: the page asks it before it shows a sign-in.</summary>
    public static IEndpointRouteBuilder MapScreenSignIn(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext http, IOptions<AccessOptions> access) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(From(access.Value));
        }).AllowAnonymous();
        return endpoints;
    }
}
