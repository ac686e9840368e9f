using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Each measure's system total at every period of a schedule, as everything now known says, kept as the differences
/// between consecutive periods: a return's contribution adds its value where its span starts and takes it off where it
/// ends, so changing one organisation touches a few cells and reading a series is one running sum over the periods
/// asked for. A running total for the day (CUMULATIVE_DAILY) stops counting at the end of its return's local day.
/// Sums are 64-bit: however many organisations and periods, a total never wraps.
/// </summary>
public sealed class SystemSeries
{
    private readonly PeriodIndex _end;
    private readonly PeriodIndex[] _nextDay;
    private readonly HashSet<int> _daily;
    private readonly Dictionary<int, long[]> _steps;

    private SystemSeries(PeriodIndex end, PeriodIndex[] nextDay, HashSet<int> daily, Dictionary<int, long[]> steps)
    {
        _end = end;
        _nextDay = nextDay;
        _daily = daily;
        _steps = steps;
    }

    public static SystemSeries For(ReportingSchedule schedule, IEnumerable<int> dailyMeasureIds)
    {
        var periods = schedule.Periods;
        // For each period, the first period of the next local day (or the schedule's end).
        var nextDay = new PeriodIndex[periods.Count];
        for (var p = periods.Count - 1; p >= 0; p--)
        {
            nextDay[p] = p + 1 < periods.Count && periods[p + 1].LocalDate == periods[p].LocalDate ? nextDay[p + 1] : new(p + 1);
        }

        return new(PeriodIndex.End(schedule), nextDay, [.. dailyMeasureIds], []);
    }

    /// <summary>
    /// The series with some organisations' returns replaced: the contributions that differ (a new or corrected return,
    /// and the one before a new return, which now ends sooner) taken off as they were and put on as they are.
    /// </summary>
    public SystemSeries Replace(IEnumerable<(OrganisationLedger Before, OrganisationLedger After)> organisations)
    {
        var steps = _steps.ToDictionary(s => s.Key, s => (long[])s.Value.Clone());
        foreach (var (before, after) in organisations)
        {
            var (old, now) = (before.Contributions(_end).ToList(), after.Contributions(_end).ToList());
            var (o, n) = (0, 0);
            while (o < old.Count || n < now.Count)
            {
                // One return per period: contributions pair up by the period they start at.
                var from = o < old.Count && (n == now.Count || old[o].Span.From <= now[n].Span.From) ? old[o].Span.From : now[n].Span.From;
                Contribution? was = o < old.Count && old[o].Span.From == from ? old[o++] : null;
                Contribution? @is = n < now.Count && now[n].Span.From == from ? now[n++] : null;
                if (was != @is)
                {
                    if (was is { } taken)
                    {
                        Add(steps, ContributionDelta.Removing(taken));
                    }

                    if (@is is { } put)
                    {
                        Add(steps, ContributionDelta.Adding(put));
                    }
                }
            }
        }

        return new(_end, _nextDay, _daily, steps);
    }

    /// <summary>The system total of one measure at each period up to <paramref name="until"/>, after the corrections given.</summary>
    public long[] At(int measureId, PeriodIndex until, IReadOnlyList<ContributionDelta> corrections)
    {
        var periods = until.Value;
        var steps = new long[periods + 1];
        if (_steps.TryGetValue(measureId, out var known))
        {
            Array.Copy(known, steps, periods);
        }

        foreach (var correction in corrections)
        {
            var (version, span) = correction.Contribution;
            if (span.From < until && version.Value(measureId) is { } value)
            {
                steps[span.From.Value] += correction.Of(value);
                steps[PeriodIndex.Min(End(measureId, span), until).Value] -= correction.Of(value);
            }
        }

        var series = new long[periods];
        var running = 0L;
        for (var p = 0; p < periods; p++)
        {
            series[p] = running += steps[p];
        }

        return series;
    }

    private void Add(Dictionary<int, long[]> steps, ContributionDelta delta)
    {
        var (version, span) = delta.Contribution;
        foreach (var (measureId, value) in version.Measures)
        {
            if (!steps.TryGetValue(measureId, out var measureSteps))
            {
                steps[measureId] = measureSteps = new long[_end.Value + 1];
            }

            measureSteps[span.From.Value] += delta.Of(value);
            measureSteps[End(measureId, span).Value] -= delta.Of(value);
        }
    }

    /// <summary>Where a contribution over <paramref name="span"/> stops counting for the measure.</summary>
    private PeriodIndex End(int measureId, PeriodSpan span) => _daily.Contains(measureId) ? PeriodIndex.Min(span.Until, _nextDay[span.From.Value]) : span.Until;
}
