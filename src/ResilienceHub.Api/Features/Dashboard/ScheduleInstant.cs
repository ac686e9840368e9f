using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Where an instant falls in an incident's schedule, worked out once for a dashboard and given to each organisation's
/// ledger: the periods started and due by then, the current period, the one whose return's status is shown (the
/// current period, or the first before any opens), and the local date whose running totals are today's.
/// </summary>
public sealed record ScheduleInstant(
    ReportingSchedule Schedule, DateTime AsOf, PeriodSpan Started, PeriodSpan Due, ReportingPeriod? Current, PeriodIndex Shown, DateOnly Today)
{
    public static ScheduleInstant Of(ReportingSchedule schedule, DateTime asOf)
    {
        var current = schedule.CurrentPeriod(asOf);
        return new(
            schedule,
            asOf,
            PeriodSpan.FirstPeriods(schedule.CountStartedBy(asOf)),
            PeriodSpan.FirstPeriods(schedule.CountPeriodsDueBy(asOf)),
            current,
            current is { } period ? PeriodIndex.Of(schedule, period.StartsAt) : PeriodIndex.First,
            schedule.LocalDateOf(asOf));
    }

    public ReportingPeriod ShownPeriod => Shown.In(Schedule);
}
