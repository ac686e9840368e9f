using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

public sealed record ComplianceView(int Expected, int OnTime, int Late, int Overdue, double PercentOnTime);

/// <summary>A measure's system totals, summed in 64 bits so that they cannot wrap; the API answers them as GraphQL's 32-bit Int.</summary>
public sealed record MeasureTotalView(MeasureView Measure, long Value, long? IncidentToDate, int ReportingOrganisations);

public sealed record OpelCountView(int Level, int Organisations);

/// <summary>A measure whose value moved between an organisation's previous return and its latest.</summary>
public sealed record MeasureChangeView(MeasureView Measure, int? Previous, int? Current)
{
    public int? Difference => Current - Previous;
}

public sealed record OrganisationStatusView(
    OrganisationView Organisation,
    SitrepView? Latest,
    SitrepView? Previous,
    ReturnStatus CurrentReturn,
    IReadOnlyList<ReportingPeriod> OverduePeriods,
    int? MinutesSinceLatestReturn,
    IReadOnlyList<MeasureChangeView> Changes)
{
    public int? OpelLevel => Latest?.OpelLevel;
}

public sealed record AlertView(AlertSeverity Severity, string Kind, OrganisationView? Organisation, string Message, DateTime At);

public sealed record SeriesPointView(DateTime StartsAt, long Value);

public sealed record MeasureSeriesView(MeasureView Measure, IReadOnlyList<SeriesPointView> Points);

/// <summary>The whole system as it stood at <see cref="AsOf"/>; the trend is computed only when asked for.</summary>
public sealed record DashboardView(
    DateTime AsOf,
    ReportingPeriod? CurrentPeriod,
    int? SystemOpelLevel,
    IReadOnlyList<OpelCountView> OpelSpread,
    ComplianceView Compliance,
    IReadOnlyList<OrganisationStatusView> Organisations,
    IReadOnlyList<MeasureTotalView> Totals,
    IReadOnlyList<AlertView> Alerts,
    Func<IReadOnlyList<string>, IReadOnlyList<MeasureSeriesView>> Trend);
