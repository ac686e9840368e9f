using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// A local day whose last return, as seen at a replay's instant, is not the one that is last now: its running totals
/// are those of <see cref="Seen"/>, the last version sent by then (none if nothing of that day had been), not those of
/// <see cref="Standing"/>, which the present's sums hold.
/// </summary>
public readonly record struct DayCorrection(SitrepView Standing, SitrepView? Seen);
