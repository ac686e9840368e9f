namespace ResilienceHub.Api.Features.Dashboard;

public sealed record SeriesPointView(DateTime StartsAt, long Value);
