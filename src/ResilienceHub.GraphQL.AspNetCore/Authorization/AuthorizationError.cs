using System.Security.Claims;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Authorization;

/// <summary>A refusal by <see cref="AuthorizationValidationRule"/>: the caller is not signed in, or may not use what it selected.</summary>
public sealed class AuthorizationError : ValidationError
{
    public const string NotAuthenticated = "AUTH_NOT_AUTHENTICATED";
    public const string NotAuthorized = "AUTH_NOT_AUTHORIZED";

    private AuthorizationError(ValidationContext context, string code, string message, ASTNode node)
        : base(context.Document.Source, "authorization", message, node)
    {
        Code = code;
    }

    internal static AuthorizationError For(ValidationContext context, ClaimsPrincipal? user, string element, IEnumerable<string>? roles, ASTNode node)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return new(context, NotAuthenticated, $"Sign in to use {element}: send a valid bearer token.", node);
        }

        var needed = roles?.ToList() is { Count: > 0 } list ? $"; it needs the role {string.Join(" or ", list)}" : "";
        return new(context, NotAuthorized, $"You are not allowed to use {element}{needed}.", node);
    }
}
