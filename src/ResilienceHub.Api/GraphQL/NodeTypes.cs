namespace ResilienceHub.Api.GraphQL;

/// <summary>
/// The types that implement <c>Node</c>, by their GraphQL names: what a client refetches by id. A log entry or an action
/// is read through its incident's log or actions at an instant, so it is not one.
/// </summary>
public static class NodeTypes
{
    public const string Incident = "Incident";
    public const string Organisation = "Organisation";
    public const string ResilienceGroup = "ResilienceGroup";
    public const string Sitrep = "Sitrep";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Incident, Organisation, ResilienceGroup, Sitrep], StringComparer.Ordinal);
}
