using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>A measure as the catalogue now has it: its latest revision, by its id and code.</summary>
/// <remarks>Retired: not asked for nor accepted in new returns, still read in old ones (and still counted in their totals).</remarks>
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
    int MaxValue,
    bool Retired = false);
