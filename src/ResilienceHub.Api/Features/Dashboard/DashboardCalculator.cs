using System.Globalization;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// The director's dashboard as BRIEF.md defines it, computed for any instant from an incident's
/// ledger. Only versions sent at or before <c>asOf</c> exist, so a past instant replays exactly.
/// </summary>
public static class DashboardCalculator
{
    private const int MaxSupportTextInAlert = 200;

    public static DashboardView Compute(IncidentView incident, IncidentLedger ledger, ReferenceDataSnapshot catalogue, DateTime asOf)
    {
        var schedule = incident.Schedule;
        var participants = incident.ParticipantIds.Select(id => catalogue.OrganisationsById[id]).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        var current = schedule.CurrentPeriod(asOf);
        var dueCount = schedule.CountPeriodsDueBy(asOf);
        var histories = participants.Select(o => new History(o, VisibleReturns(ledger.ReturnsOf(o.Id), asOf))).ToList();

        var organisations = new List<OrganisationStatusView>(participants.Count);
        var (onTime, late) = (0, 0);
        foreach (var history in histories)
        {
            var (status, overdue, organisationOnTime, organisationLate) = Timeliness(ledger.ReturnsOf(history.Organisation.Id), schedule, current, dueCount, asOf);
            onTime += organisationOnTime;
            late += organisationLate;
            var latest = history.Latest?.Version;
            var previous = history.Previous?.Version;
            organisations.Add(new OrganisationStatusView(
                history.Organisation,
                latest is null ? null : latest with { SeenAt = asOf, CurrentVersion = latest.Version },
                previous,
                status,
                overdue,
                latest is null ? null : (int)Math.Floor((asOf - latest.PeriodStartsAt).TotalMinutes),
                Changes(previous, latest, catalogue)));
        }

        var expected = participants.Count * dueCount;
        var compliance = new ComplianceView(
            expected, onTime, late, expected - onTime - late,
            expected == 0 ? 100 : Math.Round(onTime * 100.0 / expected, 1));
        var levels = organisations.Where(o => o.OpelLevel is not null).Select(o => o.OpelLevel!.Value).ToList();

        return new DashboardView(
            asOf,
            current,
            levels.Count == 0 ? null : levels.Max(),
            [.. Enumerable.Range(SitrepRules.MinOpelLevel, SitrepRules.MaxOpelLevel).Select(level => new OpelCountView(level, levels.Count(l => l == level)))],
            compliance,
            organisations,
            Totals(histories, participants, schedule, catalogue, asOf),
            Alerts(organisations, schedule, catalogue),
            codes => Trend(histories, schedule, catalogue, codes, asOf));
    }

    /// <summary>An organisation's returns as they stood at <paramref name="asOf"/>: periods started by then, with the version then current.</summary>
    private static List<Seen> VisibleReturns(IReadOnlyList<ReturnEntry> returns, DateTime asOf)
    {
        var seen = new List<Seen>(returns.Count);
        foreach (var entry in returns)
        {
            if (entry.PeriodStartsAt > asOf)
            {
                break;
            }

            if (entry.VersionAt(asOf) is { } version)
            {
                seen.Add(new Seen(entry, version));
            }
        }

        return seen;
    }

    private static (ReturnStatus Current, List<ReportingPeriod> Overdue, int OnTime, int Late) Timeliness(
        IReadOnlyList<ReturnEntry> returns, ReportingSchedule schedule, ReportingPeriod? current, int dueCount, DateTime asOf)
    {
        var overdue = new List<ReportingPeriod>();
        var (onTime, late) = (0, 0);
        var next = 0;
        // Periods and returns are both in time order: one walk pairs each due period with its return, if any.
        for (var index = 0; index < dueCount; index++)
        {
            var period = schedule.Periods[index];
            while (next < returns.Count && returns[next].PeriodStartsAt < period.StartsAt)
            {
                next++;
            }

            var firstSubmittedAt = next < returns.Count && returns[next].PeriodStartsAt == period.StartsAt ? returns[next].FirstSubmittedAt : (DateTime?)null;
            switch (ReturnStatusRules.StatusAt(period, firstSubmittedAt, asOf))
            {
                case ReturnStatus.Submitted: onTime++; break;
                case ReturnStatus.Late: late++; break;
                case ReturnStatus.Overdue: overdue.Add(period); break;
            }
        }

        var shown = current ?? schedule.Periods[0];
        var currentReturn = returns.FirstOrDefault(r => r.PeriodStartsAt == shown.StartsAt);
        return (ReturnStatusRules.StatusAt(shown, currentReturn?.FirstSubmittedAt, asOf), overdue, onTime, late);
    }

    private static List<MeasureChangeView> Changes(SitrepView? previous, SitrepView? latest, ReferenceDataSnapshot catalogue)
    {
        if (previous is null || latest is null)
        {
            return [];
        }

        return [.. catalogue.Measures
            .Select(m => new MeasureChangeView(m, previous.Value(m.Id), latest.Value(m.Id)))
            .Where(c => c.Previous != c.Current)];
    }

    private static List<MeasureTotalView> Totals(
        List<History> histories, List<OrganisationView> participants, ReportingSchedule schedule, ReferenceDataSnapshot catalogue, DateTime asOf)
    {
        var today = schedule.LocalDateOf(asOf);
        var types = participants.Select(p => p.Type).ToHashSet();
        // Each organisation's last return of each local day: what a day's running totals were left at.
        var lastOfEachDay = histories.Select(h => h.Returns
            .GroupBy(r => schedule.FindPeriod(r.Version.PeriodStartsAt)!.Value.LocalDate)
            .Select(day => (Date: day.Key, Version: day.Last().Version))
            .ToList()).ToList();

        var totals = new List<MeasureTotalView>();
        foreach (var measure in catalogue.Measures.Where(m => m.AppliesTo.Any(types.Contains)))
        {
            if (measure.Kind == MeasureKind.Snapshot)
            {
                var values = histories.Select(h => h.Latest?.Version.Value(measure.Id)).OfType<int>().ToList();
                totals.Add(new MeasureTotalView(measure, values.Sum(), null, values.Count));
                continue;
            }

            var todays = lastOfEachDay.Select(days => days.LastOrDefault(d => d.Date == today).Version?.Value(measure.Id)).OfType<int>().ToList();
            var toDate = lastOfEachDay.Sum(days => days.Where(d => d.Date <= today).Sum(d => d.Version.Value(measure.Id) ?? 0));
            totals.Add(new MeasureTotalView(measure, todays.Sum(), toDate, todays.Count));
        }

        return totals;
    }

    private static List<AlertView> Alerts(List<OrganisationStatusView> organisations, ReportingSchedule schedule, ReferenceDataSnapshot catalogue)
    {
        string Local(DateTime instant) => schedule.LocalTimeOf(instant).ToString("HH:mm", CultureInfo.InvariantCulture);
        var alerts = new List<AlertView>();
        foreach (var status in organisations)
        {
            var name = status.Organisation.Name;
            if (status.OverduePeriods.Count > 0)
            {
                var missed = status.OverduePeriods[^1];
                var more = status.OverduePeriods.Count > 1 ? $" ({status.OverduePeriods.Count} returns outstanding)" : "";
                alerts.Add(new(AlertSeverity.Warning, "RETURN_OVERDUE", status.Organisation,
                    $"{name} has not sent its {Local(missed.StartsAt)} return, due at {Local(missed.DueAt)}{more}.", missed.DueAt));
            }

            if (status.Latest is not { } latest)
            {
                continue;
            }

            var asAt = Local(latest.PeriodStartsAt);
            if (latest.OpelLevel == SitrepRules.MaxOpelLevel)
            {
                alerts.Add(new(AlertSeverity.Critical, "OPEL_4", status.Organisation, $"{name} is at OPEL 4 (return as at {asAt}).", latest.SubmittedAt));
            }

            if (status.Previous is { } previous && latest.OpelLevel > previous.OpelLevel)
            {
                alerts.Add(new(AlertSeverity.Warning, "OPEL_RAISED", status.Organisation,
                    $"{name} has raised its OPEL level from {previous.OpelLevel} to {latest.OpelLevel} (return as at {asAt}).", latest.SubmittedAt));
            }

            if (latest.CriticalIncidentDeclared)
            {
                alerts.Add(new(AlertSeverity.Critical, "CRITICAL_INCIDENT", status.Organisation,
                    $"{name} has declared a critical incident (return as at {asAt}).", latest.SubmittedAt));
            }

            foreach (var (measureId, value) in latest.Measures)
            {
                var measure = catalogue.MeasuresById[measureId];
                var (severity, level) = value > measure.CriticalAbove ? (AlertSeverity.Critical, measure.CriticalAbove)
                    : value > measure.WarningAbove ? (AlertSeverity.Warning, measure.WarningAbove)
                    : (AlertSeverity.Info, (int?)null);
                if (level is not null)
                {
                    var word = severity == AlertSeverity.Critical ? "critical" : "warning";
                    alerts.Add(new(severity, "THRESHOLD", status.Organisation,
                        $"{name}: {measure.Name} is {value} {measure.Unit}, above the {word} level of {level} (return as at {asAt}).", latest.SubmittedAt));
                }
            }

            if (!string.IsNullOrWhiteSpace(latest.SupportRequested))
            {
                var ask = latest.SupportRequested.Length > MaxSupportTextInAlert ? latest.SupportRequested[..MaxSupportTextInAlert] + "…" : latest.SupportRequested;
                alerts.Add(new(AlertSeverity.Warning, "SUPPORT_REQUESTED", status.Organisation, $"{name} asks for support: {ask}", latest.SubmittedAt));
            }
        }

        return [.. alerts.OrderByDescending(a => a.At).ThenByDescending(a => a.Severity).ThenBy(a => a.Organisation?.Name, StringComparer.Ordinal)];
    }

    /// <summary>For each period up to <paramref name="asOf"/>, the system total as it stood at that report time.</summary>
    private static List<MeasureSeriesView> Trend(
        List<History> histories, ReportingSchedule schedule, ReferenceDataSnapshot catalogue, IReadOnlyList<string> codes, DateTime asOf)
    {
        var measures = codes.Distinct(StringComparer.Ordinal).Select(code => catalogue.MeasuresByCode[code]).ToList();
        var periods = schedule.Periods.TakeWhile(p => p.StartsAt <= asOf).ToList();
        var sums = new int[measures.Count, periods.Count];
        foreach (var history in histories)
        {
            var next = 0;
            Seen? standing = null;
            for (var p = 0; p < periods.Count; p++)
            {
                while (next < history.Returns.Count && history.Returns[next].Version.PeriodStartsAt <= periods[p].StartsAt)
                {
                    standing = history.Returns[next++];
                }

                if (standing is not { } seen)
                {
                    continue;
                }

                var sameDay = schedule.FindPeriod(seen.Version.PeriodStartsAt)!.Value.LocalDate == periods[p].LocalDate;
                for (var m = 0; m < measures.Count; m++)
                {
                    // A day's running total does not carry into the next day.
                    if ((measures[m].Kind == MeasureKind.Snapshot || sameDay) && seen.Version.Value(measures[m].Id) is { } value)
                    {
                        sums[m, p] += value;
                    }
                }
            }
        }

        return [.. measures.Select((measure, m) => new MeasureSeriesView(
            measure, [.. periods.Select((period, p) => new SeriesPointView(period.StartsAt, sums[m, p]))]))];
    }

    private readonly record struct Seen(ReturnEntry Entry, SitrepView Version);

    private sealed record History(OrganisationView Organisation, List<Seen> Returns)
    {
        public Seen? Latest => Returns.Count > 0 ? Returns[^1] : null;

        public Seen? Previous => Returns.Count > 1 ? Returns[^2] : null;
    }
}
