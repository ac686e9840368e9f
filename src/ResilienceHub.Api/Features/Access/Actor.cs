using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Http;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Access;

/// <summary>Who is making a request, as every write records it.</summary>
public sealed record Actor(string Name)
{
    public const string SubmitterHeader = "X-Submitted-By";
    public const int MaxNameLength = 200;

    public static readonly Actor Anonymous = new("anonymous");

    /// <summary>
    /// The signed-in user's name; until authentication lands, the name a client states in the
    /// <c>X-Submitted-By</c> header, else "anonymous".
    /// </summary>
    public static Actor From(ClaimsPrincipal? user, string? statedName)
    {
        var name = user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } signedIn } ? signedIn : statedName?.Trim();
        return string.IsNullOrEmpty(name) ? Anonymous : new Actor(name.Length > MaxNameLength ? name[..MaxNameLength] : name);
    }
}

internal static class ActorResolveContextExtensions
{
    /// <summary>The actor of the request a resolver serves.</summary>
    public static Actor Actor(this IResolveFieldContext context) => Access.Actor.From(
        context.User, context.Service<IHttpContextAccessor>().HttpContext?.Request.Headers[Access.Actor.SubmitterHeader]);
}
