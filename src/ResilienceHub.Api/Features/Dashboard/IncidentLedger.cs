using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>One organisation's return for one period with every version, oldest first.</summary>
public sealed record ReturnEntry(int SitrepId, int PeriodIndex, ReportingPeriod Period, IReadOnlyList<SitrepView> Versions)
{
    public DateTime FirstSubmittedAt => Versions[0].SubmittedAt;

    public bool Late => FirstSubmittedAt > Period.DueAt;

    /// <summary>Whether the return existed at <paramref name="asOf"/>.</summary>
    public bool SeenBy(DateTime asOf) => FirstSubmittedAt <= asOf;

    /// <summary>The version that stood at <paramref name="asOf"/>, or null if none had been sent.</summary>
    public SitrepView? VersionAt(DateTime asOf)
    {
        if (Versions[^1].SubmittedAt <= asOf)
        {
            return Versions[^1];
        }

        SitrepView? seen = null;
        for (var i = 0; i < Versions.Count && Versions[i].SubmittedAt <= asOf; i++)
        {
            seen = Versions[i];
        }

        return seen;
    }
}

/// <summary>
/// One organisation's returns in period order, with the counts the dashboard needs kept ready, so
/// that a figure for any instant costs a binary search rather than a walk through the history.
/// </summary>
public sealed class OrganisationLedger
{
    public static readonly OrganisationLedger Empty = new([]);

    private readonly int[] _onTimeBefore;
    private readonly DateTime[] _lateArrivals;
    private readonly Dictionary<int, int>[] _daysBefore;
    private readonly DateTime _lastSubmission;

    public OrganisationLedger(IReadOnlyList<ReturnEntry> returns)
    {
        Returns = returns;
        _onTimeBefore = new int[returns.Count + 1];
        for (var i = 0; i < returns.Count; i++)
        {
            _onTimeBefore[i + 1] = _onTimeBefore[i] + (returns[i].Late ? 0 : 1);
        }

        _lateArrivals = [.. returns.Where(r => r.Late).Select(r => r.FirstSubmittedAt).Order()];
        DayEnds = [.. returns.Select((r, i) => (r.Period.LocalDate, i)).GroupBy(d => d.LocalDate).Select(g => g.Last().i)];
        _lastSubmission = returns.Count == 0 ? DateTime.MinValue : returns.Max(r => r.Versions[^1].SubmittedAt);

        // Running sums of what each day's last return said, so earlier days cost one lookup, not a walk.
        _daysBefore = new Dictionary<int, int>[DayEnds.Count + 1];
        _daysBefore[0] = [];
        for (var day = 0; day < DayEnds.Count; day++)
        {
            var sums = new Dictionary<int, int>(_daysBefore[day]);
            foreach (var (measureId, value) in returns[DayEnds[day]].Versions[^1].Measures)
            {
                sums[measureId] = sums.GetValueOrDefault(measureId) + value;
            }

            _daysBefore[day + 1] = sums;
        }
    }

    /// <summary>Earliest period first.</summary>
    public IReadOnlyList<ReturnEntry> Returns { get; }

    /// <summary>The index of each local day's last return, earliest day first.</summary>
    public IReadOnlyList<int> DayEnds { get; }

    /// <summary>How many returns are for periods that started by <paramref name="instant"/>.</summary>
    public int CountStartedBy(DateTime instant) => CountWhile(r => r.Period.StartsAt <= instant);

    /// <summary>Returns on time and due by <paramref name="asOf"/> (an on-time return arrived by its due time, so it is seen).</summary>
    public int OnTimeBy(DateTime asOf) => _onTimeBefore[CountWhile(r => r.Period.DueAt <= asOf)];

    /// <summary>Late returns that had arrived by <paramref name="asOf"/>.</summary>
    public int LateBy(DateTime asOf)
    {
        var index = Array.BinarySearch(_lateArrivals, asOf);
        if (index < 0)
        {
            return ~index;
        }

        while (index + 1 < _lateArrivals.Length && _lateArrivals[index + 1] == asOf)
        {
            index++;
        }

        return index + 1;
    }

    /// <summary>
    /// The sum, measure by measure, of the last returns of the days before <paramref name="today"/>, when
    /// everything had arrived by <paramref name="asOf"/>; null when a replay must look version by version.
    /// </summary>
    public IReadOnlyDictionary<int, int>? DaysBefore(DateOnly today, DateTime asOf)
    {
        if (asOf < _lastSubmission)
        {
            return null;
        }

        var days = 0;
        while (days < DayEnds.Count && Returns[DayEnds[days]].Period.LocalDate < today)
        {
            days++;
        }

        return _daysBefore[days];
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
        var found = CountWhile(r => r.PeriodIndex < periodIndex);
        return found < Returns.Count && Returns[found].PeriodIndex == periodIndex ? Returns[found] : null;
    }

    /// <summary>How many leading returns satisfy a condition that holds for a prefix of the list.</summary>
    private int CountWhile(Func<ReturnEntry, bool> holds)
    {
        var (low, high) = (0, Returns.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = holds(Returns[middle]) ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}

/// <summary>
/// Every version of every return of one incident, by organisation: the read model the dashboard is
/// computed from, for any instant. Immutable: applying new versions makes a new ledger that shares
/// every organisation the new versions did not touch.
/// </summary>
public sealed class IncidentLedger
{
    private readonly Dictionary<int, OrganisationLedger> _byOrganisation;

    private IncidentLedger(ReportingSchedule schedule, Dictionary<int, OrganisationLedger> byOrganisation, int lastVersionRowId, int versionCount)
    {
        Schedule = schedule;
        _byOrganisation = byOrganisation;
        LastVersionRowId = lastVersionRowId;
        VersionCount = versionCount;
    }

    public static IncidentLedger For(ReportingSchedule schedule) => new(schedule, [], 0, 0);

    /// <summary>How many versions the ledger holds.</summary>
    public int VersionCount { get; }

    public ReportingSchedule Schedule { get; }

    /// <summary>The highest version row folded in so far: the tail of the log starts after it.</summary>
    public int LastVersionRowId { get; }

    public OrganisationLedger Of(int organisationId) => _byOrganisation.GetValueOrDefault(organisationId, OrganisationLedger.Empty);

    /// <summary>Folds in versions not seen yet; a version already held (a re-read of the tail) is ignored.</summary>
    public IncidentLedger Apply(IReadOnlyCollection<SitrepView> versions)
    {
        if (versions.Count == 0)
        {
            return this;
        }

        var byOrganisation = new Dictionary<int, OrganisationLedger>(_byOrganisation);
        var added = 0;
        foreach (var group in versions.GroupBy(v => v.OrganisationId))
        {
            var returns = Of(group.Key).Returns.ToDictionary(r => r.SitrepId);
            foreach (var version in group.OrderBy(v => v.Version))
            {
                if (!returns.TryGetValue(version.Id, out var entry))
                {
                    var periodIndex = Schedule.IndexOf(version.PeriodStartsAt);
                    returns[version.Id] = new ReturnEntry(version.Id, periodIndex, Schedule.Periods[periodIndex], [version]);
                    added++;
                }
                else if (entry.Versions[^1].Version < version.Version)
                {
                    returns[version.Id] = entry with { Versions = [.. entry.Versions, version] };
                    added++;
                }
            }

            byOrganisation[group.Key] = new OrganisationLedger([.. returns.Values.OrderBy(r => r.PeriodIndex)]);
        }

        return new IncidentLedger(Schedule, byOrganisation, Math.Max(LastVersionRowId, versions.Max(v => v.VersionRowId)), VersionCount + added);
    }
}
