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
        var dueCount = schedule.CountPeriodsDueBy(asOf);
        // The current period's return has a status; before the first period opens, the first one's (upcoming).
        var current = schedule.CurrentPeriod(asOf);
        var shown = current ?? schedule.Periods[0];
        var shownIndex = schedule.IndexOf(shown.StartsAt);
        var today = schedule.LocalDateOf(asOf);
        var totals = new TotalsBuilder(catalogue, participants);

        var organisations = new List<OrganisationStatusView>(participants.Count);
        var (onTime, late) = (0, 0);
        foreach (var organisation in participants)
        {
            var returns = ledger.Of(organisation.Id);
            var latestIndex = returns.LastSeenBefore(returns.CountStartedBy(asOf), asOf);
            var latest = latestIndex < 0 ? null : returns.Returns[latestIndex].AsOf(asOf)!.Standing;
            var previousIndex = latestIndex < 0 ? -1 : returns.LastSeenBefore(latestIndex, asOf);
            var previous = previousIndex < 0 ? null : returns.Returns[previousIndex].AsOf(asOf)!.Standing;
            var (organisationOnTime, organisationLate) = (returns.OnTimeBy(asOf), returns.LateBy(asOf));
            onTime += organisationOnTime;
            late += organisationLate;

            var currentReturn = returns.ForPeriod(shownIndex);
            var overdue = dueCount - organisationOnTime - organisationLate > 0
                ? returns.MissingPeriods(dueCount, asOf).ConvertAll(index => schedule.Periods[index])
                : [];
            totals.Add(returns, latestIndex, today, asOf);
            organisations.Add(new OrganisationStatusView(
                organisation,
                latest,
                previous,
                ReturnStatusRules.StatusAt(shown, currentReturn?.FirstSubmittedAt, asOf),
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
            totals.Build(),
            Alerts(organisations, schedule, catalogue),
            codes => Trend(ledger, catalogue, codes, asOf));
    }

    /// <summary>The measures whose values differ between two returns (both hold their values in measure order), in catalogue order.</summary>
    private static List<MeasureChangeView> Changes(SitrepView? previous, SitrepView? latest, ReferenceDataSnapshot catalogue)
    {
        var changes = new List<MeasureChangeView>();
        if (previous is null || latest is null)
        {
            return changes;
        }

        var (before, after) = (previous.Measures, latest.Measures);
        var (b, a) = (0, 0);
        while (b < before.Count || a < after.Count)
        {
            var measureId = Math.Min(b < before.Count ? before[b].MeasureId : int.MaxValue, a < after.Count ? after[a].MeasureId : int.MaxValue);
            int? was = b < before.Count && before[b].MeasureId == measureId ? before[b++].Value : null;
            int? now = a < after.Count && after[a].MeasureId == measureId ? after[a++].Value : null;
            if (was != now)
            {
                changes.Add(new(catalogue.MeasuresById[measureId], was, now));
            }
        }

        changes.Sort((x, y) => catalogue.PositionOf(x.Measure).CompareTo(catalogue.PositionOf(y.Measure)));
        return changes;
    }

    /// <summary>Adds up each organisation's contribution to the totals, measure by measure, in one pass per organisation.</summary>
    private sealed class TotalsBuilder(ReferenceDataSnapshot catalogue, List<OrganisationView> participants)
    {
        private readonly Dictionary<int, (long Value, int Organisations)> _latest = [];
        private readonly Dictionary<int, long> _earlierDays = [];

        public void Add(OrganisationLedger returns, int latestIndex, DateOnly today, DateTime asOf)
        {
            if (latestIndex >= 0)
            {
                var latest = returns.Returns[latestIndex];
                var sameDay = latest.Period.LocalDate == today;
                foreach (var (measureId, value) in latest.VersionAt(asOf)!.Measures)
                {
                    // A day's running total counts only on its own day; a position stands until the next return.
                    if (sameDay || catalogue.MeasuresById[measureId].Kind == MeasureKind.Snapshot)
                    {
                        var (sum, count) = _latest.GetValueOrDefault(measureId);
                        _latest[measureId] = (sum + value, count + 1);
                    }
                }
            }

            // Each earlier day's running totals are what its last return (as seen at asOf) left them at.
            foreach (var (measureId, value) in returns.EarlierDays(today, asOf))
            {
                AddEarlierDay(measureId, value);
            }
        }

        private void AddEarlierDay(int measureId, long value)
        {
            if (catalogue.MeasuresById[measureId].Kind == MeasureKind.CumulativeDaily)
            {
                _earlierDays[measureId] = _earlierDays.GetValueOrDefault(measureId) + value;
            }
        }

        public List<MeasureTotalView> Build()
        {
            var types = participants.Select(p => p.Type).ToHashSet();
            return [.. catalogue.Measures.Where(m => m.AppliesTo.Any(types.Contains)).Select(measure =>
            {
                var (value, organisations) = _latest.GetValueOrDefault(measure.Id);
                return measure.Kind == MeasureKind.Snapshot
                    ? new MeasureTotalView(measure, value, null, organisations)
                    : new MeasureTotalView(measure, value, _earlierDays.GetValueOrDefault(measure.Id) + value, organisations);
            })];
        }
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

        return [.. DashboardAlerts.NewestFirst(alerts)];
    }

    /// <summary>For each period up to <paramref name="asOf"/>, the system total as it stood at that report time.</summary>
    private static List<MeasureSeriesView> Trend(IncidentLedger ledger, ReferenceDataSnapshot catalogue, IReadOnlyList<string> codes, DateTime asOf)
    {
        var measures = codes.Distinct(StringComparer.Ordinal).Select(code => catalogue.MeasuresByCode[code]).ToList();
        var series = ledger.Trend([.. measures.Select(m => m.Id)], asOf);
        return [.. measures.Select((measure, m) => new MeasureSeriesView(
            measure, [.. series[m].Select((value, p) => new SeriesPointView(ledger.Schedule.Periods[p].StartsAt, value))]))];
    }
}
