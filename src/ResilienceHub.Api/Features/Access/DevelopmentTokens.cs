using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResilienceHub.Api.Features.Access;

/// <summary>Tokens signed with the development key, as the <c>token</c> command prints them.</summary>
public static class DevelopmentTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static SymmetricSecurityKey Key(string base64) => new(Convert.FromBase64String(base64));

    public static string Issue(
        AccessOptions options, string name, IEnumerable<string> roles, IEnumerable<string> organisations, DateTimeOffset now, TimeSpan? lifetime = null,
        IEnumerable<string>? groups = null)
    {
        var key = options.DevelopmentSigningKey is { Length: > 0 } configured
            ? Key(configured)
            : throw new InvalidOperationException("No development signing key is configured (Authentication:DevelopmentSigningKey).");
        var subject = new ClaimsIdentity([new Claim("sub", name), new Claim(options.NameClaim, name)]);
        subject.AddClaims(roles.Select(role => new Claim(options.RoleClaim, role)));
        subject.AddClaims(organisations.Select(ods => new Claim(options.OrganisationClaim, ods)));
        subject.AddClaims((groups ?? []).Select(group => new Claim(options.GroupClaim, group)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessOptions.DevelopmentIssuer,
            Audience = AccessOptions.DevelopmentAudience,
            Subject = subject,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? Lifetime)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
