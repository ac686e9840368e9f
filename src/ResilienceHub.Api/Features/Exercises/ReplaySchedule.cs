using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Exercises;

/// <summary>When a replay's returns arrive: the one rule, for the injector and for anyone checking it.</summary>
public static class ReplaySchedule
{
    /// <summary>The exercise's period that plays the source's period starting at <paramref name="sourcePeriodStartsAt"/>: the same position in order.</summary>
    public static ReportingPeriod PeriodOf(IncidentView source, IncidentView exercise, DateTime sourcePeriodStartsAt) =>
        exercise.Schedule.Periods[source.Schedule.IndexOf(sourcePeriodStartsAt)];

    /// <summary>
    /// When a source version is injected: its submission's scaled instant, except that a first version keeps its
    /// lateness however the rounding to the second falls: one the source had on time arrives at least a second before
    /// its due time, a late one at least a second after.
    /// </summary>
    public static DateTime InjectionAt(IncidentView source, IncidentView exercise, DateTime sourcePeriodStartsAt, int version, bool late, DateTime submittedAt)
    {
        var compression = exercise.Schedule.Compression ?? throw new ArgumentException($"{exercise.Reference} replays nothing.", nameof(exercise));
        var at = compression.Map(submittedAt);
        if (version > 1)
        {
            return at;
        }

        var period = PeriodOf(source, exercise, sourcePeriodStartsAt);
        var second = TimeSpan.FromSeconds(1);
        if (late)
        {
            return at > period.DueAt ? at : period.DueAt + second;
        }

        var onTime = at < period.DueAt ? at : period.DueAt - second;
        return onTime < period.OpensAt ? period.OpensAt : onTime;
    }
}
