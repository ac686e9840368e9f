namespace ResilienceHub.Api.Features.Access;

/// <summary>The roles a token carries (README: who may do what).</summary>
public static class Roles
{
    /// <summary>Submits and amends returns for its own organisations; reads.</summary>
    public const string Reporter = "REPORTER";

    /// <summary>Reads everything; declares and stands down incidents; submits or amends for any organisation.</summary>
    public const string Director = "DIRECTOR";

    /// <summary>Keeps the reference data; reads.</summary>
    public const string Admin = "ADMIN";

    /// <summary>Reads only.</summary>
    public const string Viewer = "VIEWER";

    public static readonly string[] All = [Reporter, Director, Admin, Viewer];

    /// <summary>The roles that act within the resilience groups of a token's groups claim.</summary>
    public static readonly string[] ActForGroups = [Director, Admin, Viewer];
}
