using System.Globalization;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// The director's dashboard at an instant (docs/domain.md, "The dashboard at an instant"), composed from each
/// organisation's picture in the incident's ledger. Only versions sent at or before <c>asOf</c> exist, so a past
/// instant replays exactly.
/// </summary>
public static class DashboardCalculator
{
    private const int MaxSupportTextInAlert = 200;

    public static DashboardView Compute(IncidentView incident, IncidentLedger ledger, ReferenceDataSnapshot catalogue, DateTime asOf)
    {
        var participants = incident.ParticipantIds.Select(id => catalogue.OrganisationsById[id]).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        var instant = ScheduleInstant.Of(incident.Schedule, asOf);
        var totals = new TotalsBuilder(catalogue, participants);

        var organisations = new List<OrganisationStatusView>(participants.Count);
        var (onTime, late, overdue, signedOff, nil) = (0, 0, 0, 0, 0);
        foreach (var organisation in participants)
        {
            var picture = ledger.Of(organisation.Id).PictureAt(instant, incident.RequiresSignOff);
            (onTime, late, overdue) = (onTime + picture.OnTime, late + picture.Late, overdue + picture.Overdue);
            (signedOff, nil) = (signedOff + picture.SignedOff, nil + picture.Nil);
            totals.Add(picture);
            organisations.Add(new OrganisationStatusView(
                organisation,
                picture.Latest,
                picture.Previous,
                picture.CurrentReturn,
                picture.OverduePeriods,
                picture.Latest is { } latest ? (int)Math.Floor((asOf - latest.PeriodStartsAt).TotalMinutes) : null,
                Changes(picture.Previous, picture.Latest, catalogue),
                picture.LatestAwaitsSignOff));
        }

        var expected = participants.Count * instant.Due.Count;
        // A return counted is signed off or, where sign-off is required, awaits it (SignOffRules.AwaitsSignOff).
        var awaiting = incident.RequiresSignOff ? onTime + late - signedOff : 0;
        var compliance = new ComplianceView(
            expected, onTime, late, overdue, expected == 0 ? 100 : Math.Round(onTime * 100.0 / expected, 1), signedOff, awaiting, nil);
        var levels = organisations.Where(o => o.OpelLevel is not null).Select(o => o.OpelLevel!.Value).ToList();

        return new DashboardView(
            asOf,
            instant.Current,
            SystemOpel.Of(organisations.Select(o => o.Latest)),
            [.. Enumerable.Range(SitrepRules.MinOpelLevel, SitrepRules.MaxOpelLevel).Select(level => new OpelCountView(level, levels.Count(l => l == level)))],
            compliance,
            organisations,
            totals.Build(),
            Alerts(organisations, incident.Schedule, catalogue, asOf),
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

    private static List<AlertView> Alerts(List<OrganisationStatusView> organisations, ReportingSchedule schedule, ReferenceDataSnapshot catalogue, DateTime asOf)
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
                // The thresholds in force at asOf, so a replay raises the alerts the screen raised then.
                var measure = catalogue.RevisionAt(measureId, asOf)!;
                var (severity, level) = value > measure.CriticalAbove ? (AlertSeverity.Critical, measure.CriticalAbove)
                    : value > measure.WarningAbove ? (AlertSeverity.Warning, measure.WarningAbove)
                    : (AlertSeverity.Info, (int?)null);
                if (level is not null)
                {
                    var word = severity == AlertSeverity.Critical ? "critical" : "warning";
                    alerts.Add(new(severity, "THRESHOLD", status.Organisation,
                        $"{name}: {measure.Name} is {Count(value, measure.Unit)}, above the {word} level of {level} (return as at {asAt}).", latest.SubmittedAt));
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

    /// <summary>"1 patient", "2 patients": catalogue units are plurals.</summary>
    private static string Count(int value, string unit) =>
        $"{value} {(Math.Abs(value) == 1 && unit.EndsWith('s') ? unit[..^1] : unit)}";
}
