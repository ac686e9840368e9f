using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>
/// An incident's reporting schedule: an IANA time zone, a cadence and a grace (minutes), and one window of local
/// report times per date. Report times step by elapsed cadence, so every period is exactly one cadence long even
/// across a clock change (a 00:00–23:00 hourly window has 23 periods on the spring day and 25 on the autumn day).
/// </summary>
public sealed class ReportingSchedule
{
    public const int MinCadenceMinutes = 5;
    public const int MaxCadenceMinutes = 1440;

    /// <summary>At most this many dates of reporting: a quarter of a year, and then some.</summary>
    public const int MaxWindows = 100;

    /// <summary>At most this many periods in all (a hundred days hourly): every dashboard and overdue list is bounded by it.</summary>
    public const int MaxPeriods = 2_400;

    // DST: a spring-gap time moves forward by the gap; an ambiguous autumn time is the earlier instant for a first report, the later for a last.
    private static readonly ZoneLocalMappingResolver FirstReportResolver = Resolvers.LenientResolver;
    private static readonly ZoneLocalMappingResolver LastReportResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnForwardShifted);

    private readonly DateTimeZone _zone;
    private readonly Dictionary<DateTime, int> _indexByStart;

    // The periods' instants, each ascending as the periods are: what the counts by an instant search.
    private readonly DateTime[] _starts;
    private readonly DateTime[] _opens;
    private readonly DateTime[] _dues;

    public ReportingSchedule(string timeZoneId, int cadenceMinutes, int graceMinutes, IEnumerable<ReportingWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var windowList = windows.ToList();
        var problems = Validate(timeZoneId, cadenceMinutes, graceMinutes, windowList);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "Invalid reporting schedule: " + string.Join("; ", problems.Select(p => $"{p.Code}: {p.Message}")));
        }

        _zone = DateTimeZoneProviders.Tzdb[timeZoneId];
        TimeZoneId = timeZoneId;
        CadenceMinutes = cadenceMinutes;
        GraceMinutes = graceMinutes;
        Windows = windowList.OrderBy(w => w.Date).ToList();

        var cadence = Duration.FromMinutes(cadenceMinutes);
        var grace = Duration.FromMinutes(graceMinutes);
        Periods = Windows
            .SelectMany(w => ReportInstants(_zone, w, cadence))
            .Select(start => new ReportingPeriod(
                StartsAt: start.ToDateTimeUtc(),
                EndsAt: (start + cadence).ToDateTimeUtc(),
                DueAt: (start + grace).ToDateTimeUtc(),
                OpensAt: (start - grace).ToDateTimeUtc(),
                LocalDate: start.InZone(_zone).Date.ToDateOnly()))
            .ToList();
        _indexByStart = Periods.Select((p, i) => (p.StartsAt, i)).ToDictionary(x => x.StartsAt, x => x.i);
        _starts = [.. Periods.Select(p => p.StartsAt)];
        _opens = [.. Periods.Select(p => p.OpensAt)];
        _dues = [.. Periods.Select(p => p.DueAt)];
    }

    /// <summary>
    /// The schedule of an exercise replaying an incident of this schedule <paramref name="speed"/> times faster: each
    /// instant of the source maps to <paramref name="startsAt"/> + (instant − the source's first opening) / speed, rounded
    /// down to the second, so periods and the gaps between windows shrink alike. Dates and local times are the source's
    /// (the exercise's clock reads as the source's did), so daily totals start again where the source's did.
    /// </summary>
    public static ReportingSchedule Compressed(ReportingSchedule source, DateTime startsAt, double speed)
    {
        ArgumentNullException.ThrowIfNull(source);
        UtcGuard.Require(startsAt, nameof(startsAt));
        return source.Compression is not null
            ? throw new ArgumentException("A compressed schedule is not compressed again; compress its source.", nameof(source))
            : !double.IsFinite(speed) || speed <= 0
                ? throw new ArgumentOutOfRangeException(nameof(speed), speed, "A speed is a positive number.")
                : new ReportingSchedule(source, new ScheduleCompression(source.Periods[0].OpensAt, startsAt, speed));
    }

    private ReportingSchedule(ReportingSchedule source, ScheduleCompression compression)
    {
        _zone = source._zone;
        TimeZoneId = source.TimeZoneId;
        CadenceMinutes = source.CadenceMinutes;
        GraceMinutes = source.GraceMinutes;
        Windows = source.Windows;
        Compression = compression;
        Periods = [.. source.Periods.Select(p => new ReportingPeriod(
            compression.Map(p.StartsAt), compression.Map(p.EndsAt), compression.Map(p.DueAt), compression.Map(p.OpensAt), p.LocalDate))];
        _indexByStart = Periods.Select((p, i) => (p.StartsAt, i)).ToDictionary(x => x.StartsAt, x => x.i);
        _starts = [.. Periods.Select(p => p.StartsAt)];
        _opens = [.. Periods.Select(p => p.OpensAt)];
        _dues = [.. Periods.Select(p => p.DueAt)];
    }

    /// <summary>How this schedule replays its source's, faster; null for a schedule of its own.</summary>
    public ScheduleCompression? Compression { get; }

    public string TimeZoneId { get; }
    public int CadenceMinutes { get; }
    public int GraceMinutes { get; }

    /// <summary>The windows ordered by date.</summary>
    public IReadOnlyList<ReportingWindow> Windows { get; }

    /// <summary>Every period of the schedule ordered by StartsAt; never empty.</summary>
    public IReadOnlyList<ReportingPeriod> Periods { get; }

    /// <summary>The period whose report instant is exactly <paramref name="startsAtUtc"/>, or null.</summary>
    public ReportingPeriod? FindPeriod(DateTime startsAtUtc)
    {
        UtcGuard.Require(startsAtUtc, nameof(startsAtUtc));
        return _indexByStart.TryGetValue(startsAtUtc, out var i) ? Periods[i] : null;
    }

    /// <summary>The position in <see cref="Periods"/> of the period starting exactly at <paramref name="startsAtUtc"/>; throws if there is none.</summary>
    public int IndexOf(DateTime startsAtUtc)
    {
        UtcGuard.Require(startsAtUtc, nameof(startsAtUtc));
        return _indexByStart.TryGetValue(startsAtUtc, out var i)
            ? i
            : throw new ArgumentException($"{startsAtUtc:O} is not a report time of this schedule.", nameof(startsAtUtc));
    }

    /// <summary>How many periods have started (StartsAt ≤ <paramref name="asOfUtc"/>).</summary>
    public int CountStartedBy(DateTime asOfUtc) => CountAtOrBefore(_starts, asOfUtc, nameof(asOfUtc));

    /// <summary>The most recent period open for submission at <paramref name="asOfUtc"/> (OpensAt ≤ asOf), or null before the first opens.</summary>
    public ReportingPeriod? CurrentPeriod(DateTime asOfUtc)
    {
        var opened = CountAtOrBefore(_opens, asOfUtc, nameof(asOfUtc));
        return opened == 0 ? null : Periods[opened - 1];
    }

    /// <summary>How many periods have DueAt ≤ <paramref name="asOfUtc"/>: the expected returns per participant for compliance.</summary>
    public int CountPeriodsDueBy(DateTime asOfUtc) => CountAtOrBefore(_dues, asOfUtc, nameof(asOfUtc));

    /// <summary>
    /// The first instant from <paramref name="utc"/> on at which what the schedule says of "now" may change by the clock
    /// alone: a period opens, starts or falls due (a return is overdue just after it), or a local day begins (daily
    /// totals start again). An answer read at <paramref name="utc"/> holds while the clock is before it.
    /// </summary>
    public DateTime NextChangeAfter(DateTime utc)
    {
        UtcGuard.Require(utc, nameof(utc));
        var before = utc.AddTicks(-1);
        var local = Compression?.Unmap(utc) ?? utc;
        var midnight = _zone.AtStartOfDay(Instant.FromDateTimeUtc(local).InZone(_zone).Date.PlusDays(1)).ToDateTimeUtc();
        var next = Compression?.MapCeiling(midnight) ?? midnight;
        foreach (var ascending in (DateTime[][])[_opens, _starts, _dues])
        {
            var first = SortedInstants.CountAtOrBefore(ascending, before);
            if (first < ascending.Length && ascending[first] < next)
            {
                next = ascending[first];
            }
        }

        return next;
    }

    /// <summary>The schedule-local calendar date of a UTC instant (daily totals reset at local midnight); an exercise's, the source's date of the matching instant.</summary>
    public DateOnly LocalDateOf(DateTime utc)
    {
        UtcGuard.Require(utc, nameof(utc));
        return Instant.FromDateTimeUtc(Compression?.Unmap(utc) ?? utc).InZone(_zone).Date.ToDateOnly();
    }

    /// <summary>The schedule-local wall-clock time of a UTC instant, e.g. 12:00 for 11:00Z in BST; an exercise's, the source's time of the matching instant.</summary>
    public TimeOnly LocalTimeOf(DateTime utc)
    {
        UtcGuard.Require(utc, nameof(utc));
        return Instant.FromDateTimeUtc(Compression?.Unmap(utc) ?? utc).InZone(_zone).TimeOfDay.ToTimeOnly();
    }

    /// <summary>Every problem with the given schedule inputs (empty when valid); field paths follow DeclareIncidentInput.</summary>
    public static IReadOnlyList<ScheduleProblem> Validate(
        string timeZoneId, int cadenceMinutes, int graceMinutes, IEnumerable<ReportingWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var problems = new List<ScheduleProblem>();
        void Add(string code, string message, params string[] field) => problems.Add(new(code, message, field));

        var zone = string.IsNullOrWhiteSpace(timeZoneId) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId);
        if (zone is null)
        {
            Add("UNKNOWN_TIME_ZONE", $"'{timeZoneId}' is not a known IANA time zone such as Europe/London.", "timeZone");
        }

        var cadenceValid = cadenceMinutes is >= MinCadenceMinutes and <= MaxCadenceMinutes;
        if (!cadenceValid)
        {
            Add("INVALID_CADENCE",
                $"The cadence must be between {MinCadenceMinutes} and {MaxCadenceMinutes} minutes; it was {cadenceMinutes}.",
                "cadenceMinutes");
        }

        if (graceMinutes < 0)
        {
            Add("INVALID_GRACE", $"The grace must not be negative; it was {graceMinutes} minutes.", "graceMinutes");
        }
        else if (cadenceValid && graceMinutes >= cadenceMinutes)
        {
            Add("INVALID_GRACE",
                $"The grace ({graceMinutes} minutes) must be shorter than the cadence ({cadenceMinutes} minutes).",
                "graceMinutes");
        }

        var list = windows.ToList();
        if (list.Count == 0)
        {
            Add("NO_WINDOWS", "The schedule needs at least one reporting window.", "windows");
        }
        else if (list.Count > MaxWindows)
        {
            Add("TOO_MANY_WINDOWS", $"A schedule has at most {MaxWindows} windows (one a date); {list.Count} were given. Declare a new incident for a later stretch.", "windows");
            return problems;
        }

        var wellFormed = new bool[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var w = list[i] ?? throw new ArgumentException($"Window {i} is null.", nameof(windows));
            var index = Index(i);
            if (!SupportedDates.Contains(w.Date))
            {
                Add("DATE_OUT_OF_RANGE", $"{Format(w.Date)} is outside the dates a schedule may use, {Format(SupportedDates.FirstDate)} to {Format(SupportedDates.LastDate)}.", "windows", index, "date");
            }
            else if (w.FirstReportAt > w.LastReportAt)
            {
                Add("WINDOW_FIRST_AFTER_LAST",
                    $"On {Format(w.Date)} the first report time {Format(w.FirstReportAt)} is after the last report time {Format(w.LastReportAt)}.",
                    "windows", index, "lastReportAt");
            }
            else if (zone is not null && FirstReportInstant(zone, w) > LastReportInstant(zone, w))
            {
                // Only on a spring clock-change day: a first time in the gap moves forward past a last time just after it.
                Add("WINDOW_FIRST_AFTER_LAST",
                    $"On {Format(w.Date)} the first report time {Format(w.FirstReportAt)} does not exist (the clocks go forward) and falls after the last report time {Format(w.LastReportAt)}.",
                    "windows", index, "lastReportAt");
            }
            else
            {
                wellFormed[i] = true;
            }
        }

        if (zone is not null && cadenceValid && wellFormed.All(w => w))
        {
            var cadence = Duration.FromMinutes(cadenceMinutes);
            var periods = list.Sum(w => (long)((LastReportInstant(zone, w) - FirstReportInstant(zone, w)) / cadence) + 1);
            if (periods > MaxPeriods)
            {
                Add("TOO_MANY_PERIODS", $"The schedule has {periods} report times; at most {MaxPeriods} are allowed. Use a longer cadence or fewer windows.", "windows");
            }
        }

        // Neighbours in date order: a repeated date, or a window starting before the previous window's last period ends.
        var byDate = Enumerable.Range(0, list.Count).OrderBy(i => list[i].Date).ThenBy(i => i).ToList();
        for (var k = 1; k < byDate.Count; k++)
        {
            int previous = byDate[k - 1], current = byDate[k];
            if (list[previous].Date == list[current].Date)
            {
                Add("WINDOWS_OVERLAP",
                    $"Windows {previous} and {current} are both on {Format(list[current].Date)}; give one window per date.",
                    "windows", Index(current), "date");
            }
            else if (zone is not null && cadenceValid && wellFormed[previous] && wellFormed[current])
            {
                var cadence = Duration.FromMinutes(cadenceMinutes);
                var previousEnds = ReportInstants(zone, list[previous], cadence).Last() + cadence;
                if (FirstReportInstant(zone, list[current]) < previousEnds)
                {
                    Add("WINDOWS_OVERLAP",
                        $"The first report on {Format(list[current].Date)} starts before the last period of {Format(list[previous].Date)} ends.",
                        "windows", Index(current), "firstReportAt");
                }
            }
        }

        return problems;
    }

    private static IEnumerable<Instant> ReportInstants(DateTimeZone zone, ReportingWindow window, Duration cadence)
    {
        var last = LastReportInstant(zone, window);
        for (var t = FirstReportInstant(zone, window); t <= last; t += cadence)
        {
            yield return t;
        }
    }

    private static Instant FirstReportInstant(DateTimeZone zone, ReportingWindow w) =>
        zone.ResolveLocal(Local(w.Date, w.FirstReportAt), FirstReportResolver).ToInstant();

    private static Instant LastReportInstant(DateTimeZone zone, ReportingWindow w) =>
        zone.ResolveLocal(Local(w.Date, w.LastReportAt), LastReportResolver).ToInstant();

    private static LocalDateTime Local(DateOnly date, TimeOnly time) =>
        LocalDate.FromDateOnly(date).At(LocalTime.FromTimeOnly(time));

    private static int CountAtOrBefore(DateTime[] ascending, DateTime bound, string paramName)
    {
        UtcGuard.Require(bound, paramName);
        return SortedInstants.CountAtOrBefore(ascending, bound);
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
