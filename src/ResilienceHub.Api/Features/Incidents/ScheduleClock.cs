using NodaTime;

namespace ResilienceHub.Api.Features.Incidents;

public static class ScheduleClock
{
    /// <summary>
    /// The first instant from <paramref name="utc"/> on at which what the schedule says of "now" may change by the clock
    /// alone: a period opens, starts or falls due (a return is overdue just after it), or a local day begins (daily
    /// totals start again). An answer holds while the clock is before it.
    /// </summary>
    public static DateTime? NextChangeAfter(this ReportingSchedule schedule, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        DateTime? next = null;
        foreach (var period in schedule.Periods)
        {
            foreach (var instant in (ReadOnlySpan<DateTime>)[period.OpensAt, period.StartsAt, period.DueAt])
            {
                if (instant >= utc && (next is null || instant < next))
                {
                    next = instant;
                }
            }
        }

        var zone = DateTimeZoneProviders.Tzdb[schedule.TimeZoneId];
        var tomorrow = Instant.FromDateTimeUtc(utc).InZone(zone).Date.PlusDays(1);
        var midnight = zone.AtStartOfDay(tomorrow).ToDateTimeUtc();
        return next is { } soonest && soonest < midnight ? soonest : midnight;
    }
}
