using System.ComponentModel.DataAnnotations;

namespace ResilienceHub.Api.Features.Access;

/// <summary>The <c>Authentication</c> configuration section.</summary>
public sealed class AccessOptions
{
    public const string Section = "Authentication";

    /// <summary>Issuer and audience of tokens signed with the development key; fixed so the <c>token</c> command's tokens validate.</summary>
    public const string DevelopmentIssuer = "resiliencehub-development";
    public const string DevelopmentAudience = "resiliencehub-api";

    /// <summary>The environment the test suite and the benchmark run the API in.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>The key in appsettings.Development.json: public, so accepted in the Development environment only.</summary>
    public const string PublishedDevelopmentKey = "vmEUL8LyMlRYbVzlJnjlCvxcNeKDZfap6KTM7JalW6o=";

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

    /// <summary>The claim holding the codes of the resilience groups a director, viewer or admin acts in (<c>*</c>: every group).</summary>
    public string GroupClaim { get; set; } = "groups";

    /// <summary>The claim holding the caller's display name; the subject is used when it is missing.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>A symmetric key (base64, at least 32 bytes) for local development only; never set it outside Development.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>How far past its expiry (or before its start) a token is still accepted, for clocks that disagree a little.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Authentication:ClockSkew must be between {1} and {2}.")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Why these settings cannot run in <paramref name="environment"/>, if they cannot: a development key outside
    /// Development (and the test suite's Testing environment), the published key anywhere but Development, or no way
    /// at all to check a token.
    /// </summary>
    public IEnumerable<string> ProblemsIn(IHostEnvironment environment)
    {
        var local = environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
        if (DevelopmentSigningKey is { Length: > 0 } key)
        {
            if (!local || (key == PublishedDevelopmentKey && !environment.IsDevelopment()))
            {
                yield return $"Authentication:DevelopmentSigningKey is set in the {environment.EnvironmentName} environment. Anyone holding a development key can sign tokens with any role, so it is accepted only in Development; set Authentication:Authority and Authentication:Audience instead.";
            }
            else if (!IsKey(key))
            {
                yield return "Authentication:DevelopmentSigningKey must be base64 of at least 32 bytes.";
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(Authority))
        {
            yield return "No way to check tokens: set Authentication:Authority (the OpenID Connect authority that issues them, e.g. https://login.microsoftonline.com/{tenant}/v2.0) and Authentication:Audience, or run in Development, whose settings hold a development signing key.";
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            yield return $"Authentication:Authority '{Authority}' must be an absolute https address (plain http only on this machine's loopback).";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Authentication:Audience must be set with Authentication:Authority: tokens issued for another API must not be accepted here.";
        }
    }

    private static bool IsKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32;
    }
}
