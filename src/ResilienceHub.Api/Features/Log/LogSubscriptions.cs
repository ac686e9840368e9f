using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Log;

internal static class LogSubscriptionFields
{
    public static void AddLogSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<LogEntryGraphType>, object>("logChanged")
            .Description("Every new entry of the incident's log as it is written, corrections included.")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .ResolveStreamAsync(async c => c.Service<IIncidentEvents>().Changes((await c.IncidentArgumentAsync()).Id, ChangeSubjects.LogEntry))
            // Runs once per event, in a request of its own: the event carries the id, the entry is read here.
            .ResolveAsync(async c =>
            {
                var change = (IncidentChange)c.Source!;
                var entry = await c.Service<LogEntryLoader>().Load(change.Id).GetResultAsync(c.CancellationToken);
                return LogQueries.View(entry!, c.Service<TimeProvider>().GetUtcNow().UtcDateTime);
            });

        subscription.Field<NonNullGraphType<IncidentActionGraphType>, object>("actionChanged")
            .Description("Every action of the incident as it is raised and after each update, as that update left it.")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .ResolveStreamAsync(async c => c.Service<IIncidentEvents>().Changes((await c.IncidentArgumentAsync()).Id, ChangeSubjects.Action))
            .ResolveAsync(async c =>
            {
                var change = (IncidentChange)c.Source!;
                await using var db = await c.CreateDbContextAsync();
                var action = await db.IncidentActions.Include(a => a.Updates).SingleAsync(a => a.Id == change.Id, c.CancellationToken);
                var madeAt = change.Version == 1 ? action.RaisedAt : action.Updates.Single(u => u.Version == change.Version).At;
                return LogQueries.View(action, madeAt);
            });
    }
}
