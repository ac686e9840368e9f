namespace ResilienceHub.Api.Features.Access;

/// <summary>The <c>Authentication</c> configuration section.</summary>
public sealed class AccessOptions
{
    public const string Section = "Authentication";

    /// <summary>Issuer and audience of tokens signed with the development key; fixed so the <c>token</c> command's tokens validate.</summary>
    public const string DevelopmentIssuer = "resiliencehub-development";
    public const string DevelopmentAudience = "resiliencehub-api";

    /// <summary>The OpenID Connect authority (e.g. https://login.microsoftonline.com/{tenant}/v2.0) whose keys and issuer tokens must match.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (e.g. the API's application id URI).</summary>
    public string? Audience { get; set; }

    /// <summary>The screen's public client id at the authority (a public client: authorization code with PKCE, never a secret).</summary>
    public string? ClientId { get; set; }

    /// <summary>The scopes the screen asks the authority for; add the API's own scope where the authority needs one to issue a token for <see cref="Audience"/>.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>The claim holding roles (REPORTER, DIRECTOR, ADMIN, VIEWER).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim holding the ODS codes of the organisations the caller reports for.</summary>
    public string OrganisationClaim { get; set; } = "ods";

    /// <summary>The claim holding the caller's display name; the subject is used when it is missing.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>A symmetric key (base64, at least 32 bytes) for local development only; never set it outside Development.</summary>
    public string? DevelopmentSigningKey { get; set; }
}
