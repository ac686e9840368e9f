namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>
/// One version of a return, as clients see it; <see cref="Measures"/> are in measure id order. <see cref="CurrentVersion"/>
/// is the newest version of the return at the instant the view shows: now, or <see cref="SeenAsOf"/>'s instant.
/// </summary>
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
    IReadOnlyList<MeasureValueView> Measures)
{
    /// <summary>
    /// Set when this version is shown within its return as it stood at an instant (a dashboard's asOf, past or present):
    /// the return's versions are then those sent by that instant, and <see cref="CurrentVersion"/> the newest of them.
    /// Null for a version read from the database, where the return is as it stands now.
    /// </summary>
    public ReturnAsOf? SeenAsOf { get; init; }

    /// <summary>A nil return: the organisation is not affected this period; <see cref="Measures"/> is empty.</summary>
    public bool Nil { get; init; }

    public int? Value(int measureId)
    {
        for (var i = 0; i < Measures.Count; i++)
        {
            if (Measures[i].MeasureId == measureId)
            {
                return Measures[i].Value;
            }
        }

        return null;
    }
}
