using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// One organisation's returns in period order, with indexes kept ready so that a figure for any instant costs a
/// binary search, plus a correction for each return changed after that instant: never a walk through the history.
/// </summary>
public sealed class OrganisationLedger
{
    public static readonly OrganisationLedger Empty = new([]);

    private readonly DateTime[] _starts;
    private readonly DateTime[] _dues;
    private readonly int[] _periodIndexes;
    private readonly int[] _onTimeBefore;
    private readonly DateTime[] _lateArrivals;
    private readonly int[] _dayEnds;
    private readonly DateOnly[] _days;
    private readonly Dictionary<int, long>[] _daysBefore;
    private readonly DateTime[] _lastSubmissions;
    private readonly int[] _bySubmission;
    private readonly int[] _gaps;

    public OrganisationLedger(IReadOnlyList<ReturnEntry> returns)
    {
        Returns = returns;

        // The returns' periods, ascending like the returns: searched as arrays, not through each return's objects.
        _starts = [.. returns.Select(r => r.Period.StartsAt)];
        _dues = [.. returns.Select(r => r.Period.DueAt)];
        _periodIndexes = [.. returns.Select(r => r.PeriodIndex)];
        _onTimeBefore = new int[returns.Count + 1];
        for (var i = 0; i < returns.Count; i++)
        {
            _onTimeBefore[i + 1] = _onTimeBefore[i] + (returns[i].Late ? 0 : 1);
        }

        _lateArrivals = [.. returns.Where(r => r.Late).Select(r => r.FirstSubmittedAt).Order()];
        _dayEnds = [.. returns.Select((r, i) => (r.Period.LocalDate, i)).GroupBy(d => d.LocalDate).Select(g => g.Last().i)];
        _days = [.. _dayEnds.Select(end => returns[end].Period.LocalDate)];

        // Running sums of what each day's last return said, so earlier days cost one lookup, not a walk.
        _daysBefore = new Dictionary<int, long>[_dayEnds.Length + 1];
        _daysBefore[0] = [];
        for (var day = 0; day < _dayEnds.Length; day++)
        {
            var sums = new Dictionary<int, long>(_daysBefore[day]);
            foreach (var (measureId, value) in returns[_dayEnds[day]].Current.Measures)
            {
                sums[measureId] = sums.GetValueOrDefault(measureId) + value;
            }

            _daysBefore[day + 1] = sums;
        }

        // Each return by the time of its latest version: the suffix after an instant is what a replay there must correct.
        _bySubmission = [.. Enumerable.Range(0, returns.Count).OrderBy(i => returns[i].Current.SubmittedAt)];
        _lastSubmissions = [.. _bySubmission.Select(i => returns[i].Current.SubmittedAt)];

        var gaps = new List<int>();
        var next = 0;
        foreach (var entry in returns)
        {
            for (; next < entry.PeriodIndex; next++)
            {
                gaps.Add(next);
            }

            next = entry.PeriodIndex + 1;
        }

        _gaps = [.. gaps];
    }

    /// <summary>Earliest period first.</summary>
    public IReadOnlyList<ReturnEntry> Returns { get; }

    /// <summary>How many returns are for periods that started by <paramref name="instant"/>.</summary>
    public int CountStartedBy(DateTime instant) => CountAtOrBefore(_starts, instant);

    /// <summary>Returns on time and due by <paramref name="asOf"/> (an on-time return arrived by its due time, so it is seen).</summary>
    public int OnTimeBy(DateTime asOf) => _onTimeBefore[CountAtOrBefore(_dues, asOf)];

    /// <summary>Late returns that had arrived by <paramref name="asOf"/>.</summary>
    public int LateBy(DateTime asOf) => CountAtOrBefore(_lateArrivals, asOf);

    /// <summary>
    /// The returns (by index, in period order) that something was sent for after <paramref name="asOf"/>: all that a
    /// replay at that instant sees differently from the present. Empty from the organisation's latest submission on.
    /// </summary>
    public int[] ChangedAfter(DateTime asOf)
    {
        var unchanged = CountAtOrBefore(_lastSubmissions, asOf);
        if (unchanged == _lastSubmissions.Length)
        {
            return [];
        }

        var changed = _bySubmission[unchanged..];
        Array.Sort(changed);
        return changed;
    }

    /// <summary>The last return before <paramref name="end"/> that had arrived by <paramref name="asOf"/>, or -1.</summary>
    public int LastSeenBefore(int end, DateTime asOf)
    {
        var index = end - 1;
        while (index >= 0 && !Returns[index].SeenBy(asOf))
        {
            index--;
        }

        return index;
    }

    public ReturnEntry? ForPeriod(int periodIndex)
    {
        var found = Array.BinarySearch(_periodIndexes, periodIndex);
        return found >= 0 ? Returns[found] : null;
    }

    /// <summary>The periods among the first <paramref name="dueCount"/> with no return that had arrived by <paramref name="asOf"/>, in order.</summary>
    public List<int> MissingPeriods(int dueCount, DateTime asOf)
    {
        var missing = new List<int>(_gaps.TakeWhile(gap => gap < dueCount));
        for (var index = Returns.Count == 0 ? 0 : Returns[^1].PeriodIndex + 1; index < dueCount; index++)
        {
            missing.Add(index);
        }

        foreach (var changed in ChangedAfter(asOf))
        {
            if (Returns[changed].PeriodIndex < dueCount && !Returns[changed].SeenBy(asOf))
            {
                missing.Add(Returns[changed].PeriodIndex);
            }
        }

        missing.Sort();
        return missing;
    }

    /// <summary>
    /// Measure by measure, what the last return of each local day before <paramref name="today"/> said as seen at
    /// <paramref name="asOf"/>: the running sums of the present, then a correction (out with the day's last return now,
    /// in with the one seen then) for each day with a return changed after asOf.
    /// </summary>
    public IEnumerable<(int MeasureId, long Value)> EarlierDays(DateOnly today, DateTime asOf)
    {
        var days = 0;
        while (days < _days.Length && _days[days] < today)
        {
            days++;
        }

        foreach (var (measureId, value) in _daysBefore[days])
        {
            yield return (measureId, value);
        }

        var corrected = -1;
        foreach (var changed in ChangedAfter(asOf))
        {
            var found = Array.BinarySearch(_dayEnds, changed);
            var day = found < 0 ? ~found : found;
            if (day >= days)
            {
                break;
            }

            if (day == corrected)
            {
                continue;
            }

            corrected = day;
            var end = _dayEnds[day];
            foreach (var (measureId, value) in Returns[end].Current.Measures)
            {
                yield return (measureId, -(long)value);
            }

            var last = LastSeenBefore(end + 1, asOf);
            if (last >= 0 && Returns[last].Period.LocalDate == Returns[end].Period.LocalDate)
            {
                foreach (var (measureId, value) in Returns[last].VersionAt(asOf)!.Measures)
                {
                    yield return (measureId, value);
                }
            }
        }
    }

    /// <summary>Each return as it stands now, over the periods up to the next return's (or <paramref name="periodCount"/>).</summary>
    public IEnumerable<Segment> Segments(int periodCount)
    {
        for (var k = 0; k < Returns.Count; k++)
        {
            yield return new(Returns[k].Current, Returns[k].PeriodIndex, NextPeriodAfter(k, periodCount));
        }
    }

    /// <summary>
    /// What turns <see cref="Segments"/> into the picture at <paramref name="asOf"/> over the first
    /// <paramref name="periods"/> periods (those started by then): each return changed after asOf, and the return before
    /// one not yet sent then, taken out as it stands now and put back as it stood then (if it had been sent).
    /// </summary>
    public IEnumerable<Segment> ReplayCorrections(DateTime asOf, int periods, int periodCount)
    {
        var changedAfter = ChangedAfter(asOf);
        if (changedAfter.Length == 0)
        {
            yield break; // the present is the picture at asOf
        }

        var started = CountStartedBy(asOf);
        var affected = new SortedSet<int>();
        foreach (var changed in changedAfter)
        {
            if (changed >= started)
            {
                break;
            }

            affected.Add(changed);
            if (!Returns[changed].SeenBy(asOf) && LastSeenBefore(changed, asOf) is >= 0 and var before)
            {
                affected.Add(before);
            }
        }

        foreach (var k in affected)
        {
            var entry = Returns[k];
            yield return new(entry.Current, entry.PeriodIndex, NextPeriodAfter(k, periodCount), -1);
            if (entry.VersionAt(asOf) is { } seen)
            {
                var next = k + 1;
                while (next < started && !Returns[next].SeenBy(asOf))
                {
                    next++;
                }

                yield return new(seen, entry.PeriodIndex, next < started ? Returns[next].PeriodIndex : periods);
            }
        }
    }

    /// <summary>The period of the return after the <paramref name="k"/>th, or <paramref name="periodCount"/> after the last.</summary>
    private int NextPeriodAfter(int k, int periodCount) => k + 1 < Returns.Count ? _periodIndexes[k + 1] : periodCount;

    private static int CountAtOrBefore(DateTime[] ascending, DateTime instant)
    {
        var (low, high) = (0, ascending.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = ascending[middle] <= instant ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
