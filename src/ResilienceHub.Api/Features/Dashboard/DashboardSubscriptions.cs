using GraphQL.Types;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Dashboard;

internal static class DashboardSubscriptionFields
{
    public static void AddDashboardSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<DashboardGraphType>, object>("dashboardChanged")
            .Description("The incident's dashboard as of now, after each change to its returns or actions; a burst of returns sends one dashboard per LiveUpdates:DashboardInterval (500 ms).")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .ResolveStreamAsync(async c =>
            {
                var incident = await c.IncidentArgumentAsync();
                // An action raised, done or reopened changes the alerts; a log entry changes nothing on the dashboard.
                return c.Service<IIncidentEvents>().Now(
                    incident.Id, ChangeSubjects.Sitrep | ChangeSubjects.SignOff | ChangeSubjects.Action, c.Service<IOptions<LiveUpdateOptions>>().Value.DashboardInterval);
            })
            // Runs once per (coalesced) event, in a request of its own, shared by the subscribers who see the same things.
            .ResolveAsync(async c =>
            {
                var incident = await c.IncidentArgumentAsync();
                var now = c.Service<TimeProvider>().GetUtcNow().UtcDateTime;
                return await DashboardFields.ComputeAsync(c, incident, now, now);
            });
}
