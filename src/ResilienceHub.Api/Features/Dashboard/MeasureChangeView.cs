using ResilienceHub.Api.Features.Measures;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>A measure whose value moved between an organisation's previous return and its latest.</summary>
public sealed record MeasureChangeView(MeasureView Measure, int? Previous, int? Current)
{
    public int? Difference => Current - Previous;
}
