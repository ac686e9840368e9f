using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Alerts from outside the returns (the decision log's overdue actions), raised at the same instant as the calculator's.
/// A feature registers one as a singleton; the dashboard asks every registered source.
/// </summary>
public interface IDashboardAlertSource
{
    Task<SourcedAlerts> AlertsAtAsync(IncidentView incident, ReferenceDataSnapshot catalogue, DateTime asOf, CancellationToken cancellationToken);
}

/// <summary>A source's alerts at an instant, and the first instant after it at which they change by the clock alone (null: never).</summary>
public sealed record SourcedAlerts(IReadOnlyList<AlertView> Alerts, DateTime? NextChange);
