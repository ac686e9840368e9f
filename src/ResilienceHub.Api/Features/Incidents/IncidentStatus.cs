namespace ResilienceHub.Api.Features.Incidents;

public enum IncidentStatus { Planned, Active, StoodDown }

public static class IncidentStatusRules
{
    /// <summary>
    /// PLANNED until the first period opens for submission, then ACTIVE, and STOOD_DOWN from
    /// <paramref name="stoodDownAt"/> on (a stand-down later than <paramref name="at"/> has not happened yet).
    /// </summary>
    public static IncidentStatus StatusAt(ReportingSchedule schedule, DateTime? stoodDownAt, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        UtcGuard.Require(at, nameof(at));
        if (stoodDownAt is { } stoodDown)
        {
            UtcGuard.Require(stoodDown, nameof(stoodDownAt));
            if (stoodDown <= at)
            {
                return IncidentStatus.StoodDown;
            }
        }

        return at < schedule.Periods[0].OpensAt ? IncidentStatus.Planned : IncidentStatus.Active;
    }
}
