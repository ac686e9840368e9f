using ResilienceHub.Api.Features.Measures;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>A measure's system totals, summed in 64 bits so that they cannot wrap; the API answers them as GraphQL's 32-bit Int.</summary>
/// <param name="AwaitingSignOff">How many of the <paramref name="ReportingOrganisations"/> gave their value in a return awaiting sign-off.</param>
public sealed record MeasureTotalView(MeasureView Measure, long Value, long? IncidentToDate, int ReportingOrganisations, int AwaitingSignOff = 0);
