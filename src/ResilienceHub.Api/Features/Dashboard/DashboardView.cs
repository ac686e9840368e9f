using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

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
    Func<IReadOnlyList<string>, IReadOnlyList<MeasureSeriesView>> Trend)
{
    /// <summary>The incident is an exercise.</summary>
    public bool Exercise { get; init; }
}
