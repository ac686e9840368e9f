using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Log;

/// <summary>The dashboard's ACTION_OVERDUE alerts: the incident's actions still open past their due time, as they stood at the instant.</summary>
public sealed class ActionAlerts(IDbContextFactory<ResilienceDbContext> contexts) : IDashboardAlertSource
{
    public const string Kind = "ACTION_OVERDUE";

    public async Task<SourcedAlerts> AlertsAtAsync(IncidentView incident, ReferenceDataSnapshot catalogue, DateTime asOf, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actions = (await LogQueries.Actions(db, incident.Id, asOf).Where(a => a.DueAt != null).ToListAsync(cancellationToken))
            .Select(a => LogQueries.View(a, asOf)).ToList();
        return new(
            [.. actions.Where(a => a.OverdueAt(asOf)).Select(a => Alert(a, incident, catalogue))],
            LogQueries.NextFallingDue(actions, asOf));
    }

    private static AlertView Alert(ActionView action, IncidentView incident, ReferenceDataSnapshot catalogue)
    {
        var due = action.DueAt!.Value;
        var owner = action.OwnerId is { } id ? catalogue.OrganisationsById.GetValueOrDefault(id) : null;
        var who = string.Join(", ", new[] { owner?.Name, action.OwnerName }.OfType<string>());
        var owned = who.Length > 0 ? $", owned by {who}," : "";
        var local = incident.Schedule.LocalTimeOf(due).ToString("HH:mm", CultureInfo.InvariantCulture);
        return new(AlertSeverity.Warning, Kind, owner, $"Action {action.Number} ({action.Title}){owned} was due at {local} and is still open.", due);
    }
}
