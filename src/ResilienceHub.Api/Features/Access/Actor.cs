using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Access;

/// <summary>Who is making a request, from its validated token, as every write and audit entry records it.</summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Organisations, string? ClientAddress)
{
    public const int MaxNameLength = 200;

    public bool IsDirector => Roles.Contains(Access.Roles.Director);

    /// <summary>A director writes for any organisation; a reporter only for the organisations in its token.</summary>
    public bool MayWriteFor(string odsCode) =>
        IsDirector || (Roles.Contains(Access.Roles.Reporter) && Organisations.Contains(odsCode, StringComparer.OrdinalIgnoreCase));

    /// <summary>The organisation a version is recorded as written for, when the writer is not one of its own.</summary>
    public string? OnBehalfOf(string odsCode) => Organisations.Contains(odsCode, StringComparer.OrdinalIgnoreCase) ? null : odsCode;

    public static Actor From(ClaimsPrincipal? user, AccessOptions options, string? clientAddress)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return new("anonymous", [], [], clientAddress);
        }

        var name = user.FindFirst(options.NameClaim)?.Value ?? user.FindFirst("sub")?.Value ?? "unnamed";
        return new(
            name.Length > MaxNameLength ? name[..MaxNameLength] : name,
            [.. user.FindAll(options.RoleClaim).Select(c => c.Value).Distinct()],
            [.. user.FindAll(options.OrganisationClaim).Select(c => c.Value.Trim().ToUpperInvariant()).Distinct()],
            clientAddress);
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
