using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>A return's version and the periods it stands for: from its own up to (not including) <see cref="Until"/>.</summary>
public readonly record struct Segment(SitrepView Version, int From, int Until, int Sign = 1);
