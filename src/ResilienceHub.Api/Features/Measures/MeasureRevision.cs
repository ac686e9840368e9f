using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>
/// One state of a measure's definition, with who made it (an administrator, or the seeds), when and why. Revisions are
/// only ever added, numbered from 1 per measure; the unique (measure, revision) key decides between two concurrent saves.
/// </summary>
public sealed class MeasureRevision
{
    public int Id { get; set; }

    public int MeasureId { get; set; }

    public int Revision { get; set; }

    public DateTime ChangedAt { get; set; }

    /// <summary>The name in the administrator's token, or <see cref="ReferenceData.SeedIdentity.Name"/>.</summary>
    public required string ChangedBy { get; set; }

    /// <summary>The subject of the administrator's token; null for the seeds.</summary>
    public string? ChangedBySubject { get; set; }

    /// <summary>True when the seed files made this revision.</summary>
    public bool ChangedBySeeds { get; set; }

    public required string Reason { get; set; }

    public required string Name { get; set; }

    public required string Unit { get; set; }

    public MeasureKind Kind { get; set; }

    public string? MustNotExceed { get; set; }

    public int? WarningAbove { get; set; }

    public int? CriticalAbove { get; set; }

    public int MaxValue { get; set; }

    public bool Retired { get; set; }

    public List<MeasureRevisionApplicability> AppliesTo { get; set; } = [];
}

/// <summary>An organisation type a revision applies to, and whether it requires the measure of it.</summary>
public sealed class MeasureRevisionApplicability
{
    public int MeasureRevisionId { get; set; }

    public OrganisationType OrganisationType { get; set; }

    public bool Required { get; set; }
}
