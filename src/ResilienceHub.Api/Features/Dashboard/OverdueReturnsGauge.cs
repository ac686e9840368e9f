using System.Collections.Concurrent;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Feeds <c>resiliencehub.returns.overdue</c> from the dashboards computed for "now", so the gauge
/// never queries the database; an incident's count is as fresh as the last look at its dashboard.
/// </summary>
public sealed class OverdueReturnsGauge
{
    private readonly ConcurrentDictionary<int, IncidentOverdueReturns> _latest = new();

    public OverdueReturnsGauge(ResilienceMetrics metrics) =>
        metrics.ReportOverdueReturnsFrom(() => _latest.Values);

    public void Record(IncidentView incident, DashboardView dashboard)
    {
        // An exercise's overdue returns are practice, never counted with live ones.
        if (incident.Exercise || incident.StatusAt(dashboard.AsOf) == IncidentStatus.StoodDown)
        {
            _latest.TryRemove(incident.Id, out _);
            return;
        }

        _latest[incident.Id] = new IncidentOverdueReturns(incident.Reference, dashboard.Compliance.Overdue);
    }
}
