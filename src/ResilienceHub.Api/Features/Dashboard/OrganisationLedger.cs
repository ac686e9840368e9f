using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// One organisation's returns in period order, with indexes kept ready so that its picture at any instant costs a few
/// binary searches, plus a correction for each return changed after that instant: never a walk through the history.
/// </summary>
public sealed class OrganisationLedger
{
    public static readonly OrganisationLedger Empty = new([]);

    private readonly ReturnEntry[] _returns;

    // The returns' periods, ascending like the returns: searched as arrays, not through each return's objects.
    private readonly PeriodIndex[] _periods;
    private readonly DateTime[] _starts;
    private readonly DateTime[] _dues;

    // How many of the first k returns are on time, for each k; when each late return arrived, earliest first.
    private readonly int[] _onTimeBefore;
    private readonly DateTime[] _lateArrivals;

    // Of those same first k on-time returns, and first k late arrivals, how many are nil returns and how many are
    // signed off as they stand now: the counts of the present, corrected at an instant for the returns changed since.
    private readonly int[] _nilOnTimeBefore;
    private readonly int[] _signedOffOnTimeBefore;
    private readonly int[] _nilLateBefore;
    private readonly int[] _signedOffLateBefore;

    // Each local day's last return and its date; running sums of what those said, so earlier days cost one lookup.
    private readonly ReturnIndex[] _dayEnds;
    private readonly DateOnly[] _days;
    private readonly Dictionary<int, long>[] _daysBefore;

    // Each return by the time it last changed (its latest version or sign-off): the suffix after an instant is what a
    // replay there must correct.
    private readonly ReturnIndex[] _byLastChange;
    private readonly DateTime[] _lastChanges;

    // The periods before the last return's that have no return at all.
    private readonly PeriodIndex[] _gaps;

    public OrganisationLedger(IReadOnlyList<ReturnEntry> returns)
    {
        _returns = [.. returns];
        _periods = [.. returns.Select(r => r.PeriodIndex)];
        _starts = [.. returns.Select(r => r.Period.StartsAt)];
        _dues = [.. returns.Select(r => r.Period.DueAt)];
        _onTimeBefore = new int[returns.Count + 1];
        for (var i = 0; i < returns.Count; i++)
        {
            _onTimeBefore[i + 1] = _onTimeBefore[i] + (returns[i].Late ? 0 : 1);
        }

        _nilOnTimeBefore = new int[returns.Count + 1];
        _signedOffOnTimeBefore = new int[returns.Count + 1];
        for (var i = 0; i < returns.Count; i++)
        {
            var onTime = !returns[i].Late;
            _nilOnTimeBefore[i + 1] = _nilOnTimeBefore[i] + (onTime && returns[i].Current.Nil ? 1 : 0);
            _signedOffOnTimeBefore[i + 1] = _signedOffOnTimeBefore[i] + (onTime && returns[i].CurrentSignOff is not null ? 1 : 0);
        }

        var lateByArrival = returns.Where(r => r.Late).OrderBy(r => r.FirstSubmittedAt).ToList();
        _lateArrivals = [.. lateByArrival.Select(r => r.FirstSubmittedAt)];
        _nilLateBefore = new int[lateByArrival.Count + 1];
        _signedOffLateBefore = new int[lateByArrival.Count + 1];
        for (var i = 0; i < lateByArrival.Count; i++)
        {
            _nilLateBefore[i + 1] = _nilLateBefore[i] + (lateByArrival[i].Current.Nil ? 1 : 0);
            _signedOffLateBefore[i + 1] = _signedOffLateBefore[i] + (lateByArrival[i].CurrentSignOff is not null ? 1 : 0);
        }

        _dayEnds = [.. All.GroupBy(index => this[index].Period.LocalDate).Select(day => day.Last())];
        _days = [.. _dayEnds.Select(end => this[end].Period.LocalDate)];
        _daysBefore = new Dictionary<int, long>[_dayEnds.Length + 1];
        _daysBefore[0] = [];
        for (var day = 0; day < _dayEnds.Length; day++)
        {
            var sums = new Dictionary<int, long>(_daysBefore[day]);
            foreach (var (measureId, value) in this[_dayEnds[day]].Current.Measures)
            {
                sums[measureId] = sums.GetValueOrDefault(measureId) + value;
            }

            _daysBefore[day + 1] = sums;
        }

        _byLastChange = [.. All.OrderBy(index => this[index].LastChangedAt)];
        _lastChanges = [.. _byLastChange.Select(index => this[index].LastChangedAt)];

        var gaps = new List<PeriodIndex>();
        var next = PeriodIndex.First;
        foreach (var entry in returns)
        {
            for (; next < entry.PeriodIndex; next = next.Next)
            {
                gaps.Add(next);
            }

            next = entry.PeriodIndex.Next;
        }

        _gaps = [.. gaps];
    }

    /// <summary>Earliest period first.</summary>
    public IReadOnlyCollection<ReturnEntry> Returns => _returns;

    public ReturnEntry this[ReturnIndex index] => _returns[index.Value];

    /// <summary>The return for <paramref name="period"/>, if the organisation has sent one.</summary>
    public ReturnEntry? ForPeriod(PeriodIndex period)
    {
        var found = Array.BinarySearch(_periods, period);
        return found >= 0 ? _returns[found] : null;
    }

    /// <summary>The organisation's returns as they stood at <paramref name="instant"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="requiresSignOff">Whether the incident's returns await sign-off (else nothing is counted as signed off or awaiting).</param>
    public OrganisationPicture PictureAt(ScheduleInstant instant, bool requiresSignOff = false)
    {
        var asOf = instant.AsOf;
        var changed = ChangedAfter(asOf);
        var latest = LastSeenBefore(StartedBy(asOf), asOf);
        var previous = latest is { } before ? LastSeenBefore(before, asOf) : null;
        var (due, lateArrived) = (SortedInstants.CountAtOrBefore(_dues, asOf), SortedInstants.CountAtOrBefore(_lateArrivals, asOf));
        var (nil, signedOff) = Counted(asOf, due, lateArrived, changed, requiresSignOff);
        return new OrganisationPicture(
            latest is { } l ? this[l].AsOf(asOf)!.Standing : null,
            previous is { } p ? this[p].AsOf(asOf)!.Standing : null,
            latest is { } d && this[d].Period.LocalDate == instant.Today,
            ReturnStatusRules.StatusAt(instant.ShownPeriod, ForPeriod(instant.Shown)?.FirstSubmittedAt, asOf),
            _onTimeBefore[due],
            lateArrived,
            OverduePeriods(instant, changed),
            EarlierDaysThan(instant.Today, asOf, changed))
        {
            LatestAwaitsSignOff = latest is { } s && SignOffRules.AwaitsSignOff(requiresSignOff, this[s].SignOffAt(asOf)),
            Nil = nil,
            SignedOff = signedOff,
        };
    }

    /// <summary>
    /// Of the returns counted at the instant (on time and due by then, or late and arrived by then), how many were nil
    /// returns and how many signed off, as each stood then: the counts of the present, corrected for each return that
    /// changed (a version or a sign-off) after the instant.
    /// </summary>
    private (int Nil, int SignedOff) Counted(DateTime asOf, int due, int lateArrived, ReturnIndex[] changedAfter, bool requiresSignOff)
    {
        var nil = _nilOnTimeBefore[due] + _nilLateBefore[lateArrived];
        var signedOff = requiresSignOff ? _signedOffOnTimeBefore[due] + _signedOffLateBefore[lateArrived] : 0;
        foreach (var index in changedAfter)
        {
            var entry = this[index];
            if (entry.Late ? !entry.SeenBy(asOf) : entry.Period.DueAt > asOf)
            {
                continue; // not counted at the instant, so not in the counts of the present either
            }

            nil += (entry.VersionAt(asOf)!.Nil ? 1 : 0) - (entry.Current.Nil ? 1 : 0);
            if (requiresSignOff)
            {
                signedOff += (entry.SignOffAt(asOf) is not null ? 1 : 0) - (entry.CurrentSignOff is not null ? 1 : 0);
            }
        }

        return (nil, signedOff);
    }

    /// <summary>Each return as it stands now, over the periods up to the next return's (or <paramref name="end"/>).</summary>
    public IEnumerable<Contribution> Contributions(PeriodIndex end)
    {
        foreach (var index in All)
        {
            yield return new(this[index].Current, new(this[index].PeriodIndex, NextPeriodAfter(index, end)));
        }
    }

    /// <summary>
    /// What turns <see cref="Contributions"/> into the picture at the instant over the periods started by then: each
    /// return changed after it, and the return before one not yet sent then, taken out as it stands now and put back as
    /// it stood then (if it had been sent).
    /// </summary>
    public IEnumerable<ContributionDelta> ReplayCorrections(ScheduleInstant instant)
    {
        var asOf = instant.AsOf;
        var changedAfter = ChangedAfter(asOf);
        if (changedAfter.Length == 0)
        {
            yield break; // the present is the picture at asOf
        }

        var started = StartedBy(asOf);
        var affected = new SortedSet<ReturnIndex>();
        foreach (var changed in changedAfter)
        {
            if (changed >= started)
            {
                break;
            }

            affected.Add(changed);
            if (!this[changed].SeenBy(asOf) && LastSeenBefore(changed, asOf) is { } before)
            {
                affected.Add(before);
            }
        }

        var end = PeriodIndex.End(instant.Schedule);
        foreach (var index in affected)
        {
            var entry = this[index];
            yield return ContributionDelta.Removing(new(entry.Current, new(entry.PeriodIndex, NextPeriodAfter(index, end))));
            if (entry.VersionAt(asOf) is { } seen)
            {
                var next = index.Next;
                while (next < started && !this[next].SeenBy(asOf))
                {
                    next = next.Next;
                }

                yield return ContributionDelta.Adding(new(seen, new(entry.PeriodIndex, next < started ? this[next].PeriodIndex : instant.Started.Until)));
            }
        }
    }

    private IEnumerable<ReturnIndex> All => Enumerable.Range(0, _returns.Length).Select(i => new ReturnIndex(i));

    /// <summary>The first return whose period had not started by <paramref name="instant"/>: those before it had.</summary>
    private ReturnIndex StartedBy(DateTime instant) => new(SortedInstants.CountAtOrBefore(_starts, instant));

    /// <summary>
    /// The returns, in period order, that something was sent or signed off for after <paramref name="asOf"/>: all that
    /// a replay at that instant sees differently from the present. Empty from the organisation's latest change on.
    /// </summary>
    private ReturnIndex[] ChangedAfter(DateTime asOf)
    {
        var unchanged = SortedInstants.CountAtOrBefore(_lastChanges, asOf);
        if (unchanged == _lastChanges.Length)
        {
            return [];
        }

        var changed = _byLastChange[unchanged..];
        Array.Sort(changed);
        return changed;
    }

    /// <summary>The last return before <paramref name="end"/> that had arrived by <paramref name="asOf"/>, if any.</summary>
    private ReturnIndex? LastSeenBefore(ReturnIndex end, DateTime asOf)
    {
        for (var i = end.Value - 1; i >= 0; i--)
        {
            if (_returns[i].SeenBy(asOf))
            {
                return new ReturnIndex(i);
            }
        }

        return null;
    }

    /// <summary>
    /// The periods overdue at the instant, in order: due by then (<see cref="ScheduleInstant.Due"/>) with no return
    /// that had arrived by then. The one place "overdue" is decided for the dashboard: the compliance counts these.
    /// </summary>
    private IReadOnlyList<ReportingPeriod> OverduePeriods(ScheduleInstant instant, ReturnIndex[] changedAfter)
    {
        var due = instant.Due.Until;
        List<PeriodIndex>? overdue = null;
        foreach (var gap in _gaps)
        {
            if (gap >= due)
            {
                break;
            }

            (overdue ??= []).Add(gap);
        }

        // A return sent only after the instant was a gap then.
        foreach (var changed in changedAfter)
        {
            if (this[changed].PeriodIndex < due && !this[changed].SeenBy(instant.AsOf))
            {
                (overdue ??= []).Add(this[changed].PeriodIndex);
            }
        }

        for (var period = _returns.Length == 0 ? PeriodIndex.First : _returns[^1].PeriodIndex.Next; period < due; period = period.Next)
        {
            (overdue ??= []).Add(period);
        }

        if (overdue is null)
        {
            return Array.Empty<ReportingPeriod>();
        }

        overdue.Sort();
        return overdue.ConvertAll(period => period.In(instant.Schedule));
    }

    /// <summary>
    /// What the last return of each local day before <paramref name="today"/> said as seen at <paramref name="asOf"/>:
    /// the running sums of the present, and a correction for each day with a return changed after asOf.
    /// </summary>
    private EarlierDays EarlierDaysThan(DateOnly today, DateTime asOf, ReturnIndex[] changedAfter)
    {
        var found = Array.BinarySearch(_days, today);
        var days = found < 0 ? ~found : found;

        List<DayCorrection>? corrections = null;
        int? corrected = null;
        foreach (var changed in changedAfter)
        {
            var at = Array.BinarySearch(_dayEnds, changed);
            var day = at < 0 ? ~at : at;
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
            var last = LastSeenBefore(end.Next, asOf);
            var seen = last is { } l && this[l].Period.LocalDate == this[end].Period.LocalDate ? this[l].VersionAt(asOf) : null;
            (corrections ??= []).Add(new(this[end].Current, seen));
        }

        return new(_daysBefore[days], corrections ?? (IReadOnlyList<DayCorrection>)[]);
    }

    /// <summary>The period of the return after <paramref name="index"/>, or <paramref name="end"/> after the last.</summary>
    private PeriodIndex NextPeriodAfter(ReturnIndex index, PeriodIndex end) => index.Value + 1 < _periods.Length ? _periods[index.Value + 1] : end;
}
