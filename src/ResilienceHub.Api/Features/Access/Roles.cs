namespace ResilienceHub.Api.Features.Access;

/// <summary>The roles a token carries (README: who may do what).</summary>
public static class Roles
{
    /// <summary>Submits and amends returns for its own organisations; reads.</summary>
    public const string Reporter = "REPORTER";

    /// <summary>
    /// Signs off its own organisations' returns (a duty director or a senior manager the chief executive appoints, or a
    /// trust's automated feed); submits and amends for them too, and what it sends is signed off as it is sent.
    /// </summary>
    public const string Signatory = "SIGNATORY";

    /// <summary>Reads everything; declares and stands down incidents; submits or amends for any organisation.</summary>
    public const string Director = "DIRECTOR";

    /// <summary>Keeps the reference data; reads.</summary>
    public const string Admin = "ADMIN";

    /// <summary>Reads only.</summary>
    public const string Viewer = "VIEWER";

    public static readonly string[] All = [Reporter, Signatory, Director, Admin, Viewer];

    /// <summary>The roles that act for the organisations of a token's ods claim.</summary>
    public static readonly string[] ActForOrganisations = [Reporter, Signatory];

    /// <summary>The roles that act within the resilience groups of a token's groups claim.</summary>
    public static readonly string[] ActForGroups = [Director, Admin, Viewer];
}
