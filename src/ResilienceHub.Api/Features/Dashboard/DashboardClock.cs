using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

public static class DashboardClock
{
    /// <summary>
    /// The first instant from the dashboard's <see cref="DashboardView.AsOf"/> on at which the same data may show
    /// otherwise by the clock alone: the schedule moves on (a period opens, starts, falls due, a local day begins), or
    /// an organisation's latest return turns a minute older.
    /// </summary>
    public static DateTime? NextChange(IncidentView incident, DashboardView dashboard)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(dashboard);
        DateTime? next = incident.Schedule.NextChangeAfter(dashboard.AsOf);
        foreach (var status in dashboard.Organisations)
        {
            if (status is { Latest: { } latest, MinutesSinceLatestReturn: { } minutes })
            {
                next = Earliest(next, latest.PeriodStartsAt.AddMinutes(minutes + 1));
            }
        }

        return next;
    }

    public static DateTime? Earliest(DateTime? one, DateTime? other) => one is null || (other is not null && other < one) ? other : one;
}
