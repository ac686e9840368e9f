using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>One revision of a measure: what it said, who made it, when and why.</summary>
public sealed record MeasureRevisionView(
    int MeasureId,
    int Revision,
    DateTime ChangedAt,
    string ChangedBy,
    bool ChangedBySeeds,
    string Reason,
    string Name,
    string Unit,
    MeasureKind Kind,
    IReadOnlyList<OrganisationType> AppliesTo,
    IReadOnlyList<OrganisationType> RequiredFor,
    string? MustNotExceed,
    int? WarningAbove,
    int? CriticalAbove,
    int MaxValue,
    bool Retired);
