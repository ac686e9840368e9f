using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Sitreps;

internal static class SitrepSubscriptionFields
{
    public static void AddSitrepSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<SitrepGraphType>, object>("sitrepSubmitted")
            .Description("Every new version of the incident's returns as it is stored, amendments included.")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .ResolveStreamAsync(async c =>
            {
                var incident = await c.IncidentArgumentAsync();
                return c.Service<IIncidentEvents>().Changes(incident.Id, ChangeSubjects.Sitrep);
            })
            // Runs once per event, in a request of its own: the event carries ids, the version is read here.
            .ResolveAsync(async c =>
            {
                var change = (IncidentChange)c.Source!;
                return await c.Service<RecentSitrepVersions>().GetAsync(change.Id, change.Version);
            });

    /// <summary>The incident named by the <c>incidentId</c> argument, or an INCIDENT_NOT_FOUND error, also for one outside the caller's scope.</summary>
    public static async Task<IncidentView> IncidentArgumentAsync(this IResolveFieldContext context)
    {
        var incident = context.IdArgument("incidentId", NodeTypes.Incident) is { } id ? await context.Service<IncidentLoader>().Load(id).GetResultAsync(context.CancellationToken) : null;
        var error = UserErrors.NoSuchIncident(context.GetArgument<string>("incidentId"));
        return (await context.ReadableIncidentsAsync())(incident) ?? throw new ExecutionError(error.Message) { Code = error.Code };
    }
}
