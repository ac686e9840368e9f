using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Alerts from outside the returns (the decision log's overdue actions), raised at the same instant as the calculator's.
/// A feature registers one as a singleton; the dashboard asks every registered source.
/// </summary>
public interface IDashboardAlertSource
{
    Task<IReadOnlyList<AlertView>> AlertsAtAsync(IncidentView incident, ReferenceDataSnapshot catalogue, DateTime asOf, CancellationToken cancellationToken);
}

public static class DashboardAlerts
{
    /// <summary>The order the dashboard lists alerts in: newest first, the graver first among alerts of one instant, then by organisation.</summary>
    public static IReadOnlyList<AlertView> NewestFirst(IEnumerable<AlertView> alerts) =>
        [.. alerts.OrderByDescending(a => a.At).ThenByDescending(a => a.Severity).ThenBy(a => a.Organisation?.Name, StringComparer.Ordinal)];
}
