using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Each measure's system total at every period of a schedule, as everything now known says, kept as the differences
/// between consecutive periods: a return adds its value where its segment starts and takes it off where it ends, so
/// changing one organisation touches a few cells and reading a series is one running sum over the periods asked for.
/// A running total for the day (CUMULATIVE_DAILY) stops counting at the end of its return's local day. Sums are
/// 64-bit: however many organisations and periods, a total never wraps.
/// </summary>
public sealed class SystemSeries
{
    private readonly int _periodCount;
    private readonly int[] _nextDay;
    private readonly HashSet<int> _daily;
    private readonly Dictionary<int, long[]> _steps;

    private SystemSeries(int periodCount, int[] nextDay, HashSet<int> daily, Dictionary<int, long[]> steps)
    {
        _periodCount = periodCount;
        _nextDay = nextDay;
        _daily = daily;
        _steps = steps;
    }

    public static SystemSeries For(ReportingSchedule schedule, IEnumerable<int> dailyMeasureIds)
    {
        var periods = schedule.Periods;
        var nextDay = new int[periods.Count];
        for (var p = periods.Count - 1; p >= 0; p--)
        {
            nextDay[p] = p + 1 < periods.Count && periods[p + 1].LocalDate == periods[p].LocalDate ? nextDay[p + 1] : p + 1;
        }

        return new(periods.Count, nextDay, [.. dailyMeasureIds], []);
    }

    /// <summary>
    /// The series with some organisations' returns replaced: the segments that differ (a new or corrected return, and
    /// the one before a new return, which now ends sooner) taken off as they were and put on as they are.
    /// </summary>
    public SystemSeries Replace(IEnumerable<(OrganisationLedger Before, OrganisationLedger After)> organisations)
    {
        var steps = _steps.ToDictionary(s => s.Key, s => (long[])s.Value.Clone());
        foreach (var (before, after) in organisations)
        {
            var (old, now) = (before.Segments(_periodCount).ToList(), after.Segments(_periodCount).ToList());
            var (o, n) = (0, 0);
            while (o < old.Count || n < now.Count)
            {
                // One return per period: segments pair up by the period they start at.
                var from = Math.Min(o < old.Count ? old[o].From : int.MaxValue, n < now.Count ? now[n].From : int.MaxValue);
                Segment? was = o < old.Count && old[o].From == from ? old[o++] : null;
                Segment? @is = n < now.Count && now[n].From == from ? now[n++] : null;
                if (was != @is)
                {
                    if (was is { } taken)
                    {
                        Add(steps, taken with { Sign = -1 });
                    }

                    if (@is is { } put)
                    {
                        Add(steps, put);
                    }
                }
            }
        }

        return new(_periodCount, _nextDay, _daily, steps);
    }

    /// <summary>The system total of one measure at each of the first <paramref name="periods"/> periods, after the corrections given.</summary>
    public long[] At(int measureId, int periods, IReadOnlyList<Segment> corrections)
    {
        var steps = new long[periods + 1];
        if (_steps.TryGetValue(measureId, out var known))
        {
            Array.Copy(known, steps, periods);
        }

        foreach (var correction in corrections)
        {
            if (correction.From < periods && correction.Version.Value(measureId) is { } value)
            {
                steps[correction.From] += correction.Sign * value;
                steps[Math.Min(End(measureId, correction), periods)] -= correction.Sign * value;
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

    private void Add(Dictionary<int, long[]> steps, Segment segment)
    {
        foreach (var (measureId, value) in segment.Version.Measures)
        {
            if (!steps.TryGetValue(measureId, out var measureSteps))
            {
                steps[measureId] = measureSteps = new long[_periodCount + 1];
            }

            measureSteps[segment.From] += segment.Sign * value;
            measureSteps[End(measureId, segment)] -= segment.Sign * value;
        }
    }

    private int End(int measureId, Segment segment) => _daily.Contains(measureId) ? Math.Min(segment.Until, _nextDay[segment.From]) : segment.Until;
}
