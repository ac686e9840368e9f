namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>One version of a return, as clients see it; <see cref="Measures"/> are in measure id order.</summary>
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
    /// <summary>The database row of this version; the dashboard's ledger tails the log of versions by it.</summary>
    public int VersionRowId { get; init; }

    /// <summary>Set when the return is shown as it stood at a past instant (a replayed dashboard): later versions stay hidden.</summary>
    public DateTime? SeenAt { get; init; }

    /// <summary>
    /// Every version of this return, oldest first, when whoever made this view already holds them (the dashboard's
    /// ledger does); null when they are to be loaded.
    /// </summary>
    public IReadOnlyList<SitrepView>? KnownVersions { get; init; }

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
