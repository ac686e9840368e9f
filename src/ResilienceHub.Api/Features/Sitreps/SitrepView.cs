namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>One version of a return, as clients see it.</summary>
public sealed record SitrepView(
    int Id,
    int IncidentId,
    int OrganisationId,
    DateTime PeriodStartsAt,
    bool Late,
    int Version,
    int CurrentVersion,
    DateTime SubmittedAt,
    string SubmittedBy,
    string? OnBehalfOf,
    int OpelLevel,
    bool CriticalIncidentDeclared,
    string? KeyIssues,
    string? Mitigations,
    string? SupportRequested,
    string? AmendmentReason,
    IReadOnlyList<MeasureValueView> Measures);

public sealed record MeasureValueView(int MeasureId, int Value);
