using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

public sealed record OrganisationStatusView(
    OrganisationView Organisation,
    SitrepView? Latest,
    SitrepView? Previous,
    ReturnStatus CurrentReturn,
    IReadOnlyList<ReportingPeriod> OverduePeriods,
    int? MinutesSinceLatestReturn,
    IReadOnlyList<MeasureChangeView> Changes,
    bool AwaitingSignOff = false)
{
    public int? OpelLevel => Latest?.OpelLevel;
}
