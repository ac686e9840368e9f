using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

public sealed record MeasureView(
    int Id,
    string Code,
    string Name,
    string Unit,
    MeasureKind Kind,
    IReadOnlyList<OrganisationType> AppliesTo,
    IReadOnlyList<OrganisationType> RequiredFor,
    string? MustNotExceed,
    int? WarningAbove,
    int? CriticalAbove,
    int MaxValue);
