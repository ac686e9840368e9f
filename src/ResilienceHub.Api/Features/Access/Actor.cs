using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Access;

/// <summary>
/// Who is making a request, from its validated token, as every write and audit entry records it: the display name,
/// and the token's subject (a name can be shared or changed; the subject is the identity). No subject: anonymous.
/// </summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Organisations, string? ClientAddress, string? Subject = null)
{
    public const int MaxNameLength = 200;

    public bool IsAnonymous => Subject is null;

    public bool IsDirector => Roles.Contains(Access.Roles.Director);

    /// <summary>A director writes for any organisation; a reporter only for the organisations in its token.</summary>
    public bool MayWriteFor(string odsCode) =>
        IsDirector || (Roles.Contains(Access.Roles.Reporter) && Organisations.Contains(odsCode, StringComparer.OrdinalIgnoreCase));

    /// <summary>The organisation a version is recorded as written for, when the writer is not one of its own.</summary>
    public string? OnBehalfOf(string odsCode) => Organisations.Contains(odsCode, StringComparer.OrdinalIgnoreCase) ? null : odsCode;

    // A token's name is recorded on every version it writes: shortened, and with no control or bidirectional character
    // left to make it read as someone else's (a token cannot be refused for its name, so these are replaced).
    private static string Shorten(string text) => string.Concat((text.Length > MaxNameLength ? text[..MaxNameLength] : text)
        .Select(c => char.IsControl(c) || c is '\u061C' or >= '\u200E' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' ? '\uFFFD' : c));

    public static Actor From(ClaimsPrincipal? user, AccessOptions options, string? clientAddress)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return new("anonymous", [], [], clientAddress);
        }

        var subject = user.FindFirst("sub")?.Value ?? user.Identity.Name ?? "unnamed";
        var name = user.FindFirst(options.NameClaim)?.Value ?? subject;
        return new(
            Shorten(name),
            [.. user.FindAll(options.RoleClaim).Select(c => c.Value).Distinct()],
            [.. user.FindAll(options.OrganisationClaim).Select(c => c.Value.Trim().ToUpperInvariant()).Distinct()],
            clientAddress,
            Shorten(subject));
    }
}

internal static class ActorResolveContextExtensions
{
    /// <summary>The actor of the request a resolver serves.</summary>
    public static Actor Actor(this IResolveFieldContext context) => Access.Actor.From(
        context.User,
        context.Service<IOptions<AccessOptions>>().Value,
        context.Service<IHttpContextAccessor>().HttpContext?.Connection.RemoteIpAddress?.ToString());
}
