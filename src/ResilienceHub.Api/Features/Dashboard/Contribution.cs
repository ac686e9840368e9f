using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// What a return adds to the system series: the values of the version that stands, over the periods it stands for,
/// from its own up to the organisation's next return (a running total for the day stops sooner, at its day's end).
/// </summary>
public readonly record struct Contribution(SitrepView Version, PeriodSpan Span);
