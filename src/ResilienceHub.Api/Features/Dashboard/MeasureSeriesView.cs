using ResilienceHub.Api.Features.Measures;

namespace ResilienceHub.Api.Features.Dashboard;

public sealed record MeasureSeriesView(MeasureView Measure, IReadOnlyList<SeriesPointView> Points);
