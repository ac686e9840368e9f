using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.GraphQL;

/// <summary>Relay's <c>Node</c>: an object a client can refetch by its global id alone.</summary>
public sealed class NodeGraphType : InterfaceGraphType
{
    public NodeGraphType()
    {
        Name = "Node";
        Description = "An object a client can refetch by its global id with node(id:) or nodes(ids:).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Its global id, which every field and input naming one also takes.");
    }
}

/// <summary>
/// <c>node(id:)</c> and <c>nodes(ids:)</c>, each answering an object exactly as its own field would for the caller: an
/// incident as <c>incident(id:)</c> (another group's is absent, and the attempt audited), a return as <c>sitrep(id:)</c>,
/// an organisation as <c>organisation(id:)</c>, a group as <c>resilienceGroups</c> lists it. An id that names nothing,
/// or nothing the caller may read, is null alike.
/// </summary>
internal static class NodeFields
{
    /// <summary>The most ids one <c>nodes</c> takes.</summary>
    public const int MaxIds = 100;

    public const string TooManyIds = "TOO_MANY_IDS";

    public static void AddNodeQueries(this ObjectGraphType query)
    {
        query.Field<NodeGraphType>("node")
            .Description("The object with this global id, or null when there is none the caller may read.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .TracedAsDatabaseWork().ResolveAsync(async c => (await ResolveAsync(c, [c.GetArgument<string>("id")]))[0]);

        query.Field<NonNullGraphType<ListGraphType<NodeGraphType>>>("nodes")
            .Description($"The objects with these global ids, in their order, each null when there is none the caller may read; at most {MaxIds} ids.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                return ids.Count > MaxIds
                    ? throw new ExecutionError($"nodes takes at most {MaxIds} ids; {ids.Count} were sent. Ask for the rest in another request.") { Code = TooManyIds }
                    : await ResolveAsync(c, ids);
            });
    }

    // Every incident and return asked for is fetched in one batch of each, whatever the number of ids.
    private static async Task<IReadOnlyList<object?>> ResolveAsync(IResolveFieldContext c, List<string> ids)
    {
        var (actor, reference, readable) = (c.Actor(), await c.ReferenceDataAsync(), await c.ReadableIncidentsAsync());
        var named = ids.Select(Ids.Global).ToList();
        var incidents = c.Service<IncidentLoader>();
        var sitreps = named.Select(n => n is (NodeTypes.Sitrep, var key) ? c.Service<CurrentSitrepLoader>().Load(key) : null).ToList();
        var pending = named.Select(n => n is (NodeTypes.Incident, var key) ? incidents.Load(key) : null).ToList();
        var sitrepIncidents = new List<IDataLoaderResult<IncidentView?>?>();
        foreach (var sitrep in sitreps)
        {
            var found = sitrep is null ? null : await sitrep.GetResultAsync(c.CancellationToken);
            sitrepIncidents.Add(found is null ? null : incidents.Load(found.IncidentId));
        }

        var nodes = new object?[ids.Count];
        for (var index = 0; index < ids.Count; index++)
        {
            nodes[index] = named[index] switch
            {
                (NodeTypes.Incident, _) => readable(await pending[index]!.GetResultAsync(c.CancellationToken)),
                (NodeTypes.Sitrep, _) when sitrepIncidents[index] is { } incident =>
                    readable(await incident.GetResultAsync(c.CancellationToken)) is null ? null : await sitreps[index]!.GetResultAsync(c.CancellationToken),
                (NodeTypes.Organisation, var key) => reference.OrganisationsById.GetValueOrDefault(key),
                (NodeTypes.ResilienceGroup, var key) => reference.GroupsById.GetValueOrDefault(key) is { } group && actor.MaySee(group, reference) ? group : null,
                _ => null,
            };
        }

        return nodes;
    }
}
