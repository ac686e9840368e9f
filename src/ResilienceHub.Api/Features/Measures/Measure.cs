using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

public enum MeasureKind
{
    /// <summary>A position as at the report time (patients in ED now).</summary>
    Snapshot,

    /// <summary>A running total for the local day (operations postponed today so far).</summary>
    CumulativeDaily,
}

public sealed class Measure
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Unit { get; set; }

    public MeasureKind Kind { get; set; }

    /// <summary>Code of the measure this one may not exceed in the same return (postponed ≤ planned).</summary>
    public string? MustNotExceed { get; set; }

    /// <summary>The largest value a return may carry: a plausibility ceiling (a typing slip of 2,147,483,647 is refused, not summed).</summary>
    public int MaxValue { get; set; } = DefaultMaxValue;

    /// <summary>The ceiling of a measure whose catalogue entry gives none.</summary>
    public const int DefaultMaxValue = 100_000;

    /// <summary>The highest ceiling the catalogue may give: a thousand organisations at it still sum inside GraphQL's Int.</summary>
    public const int LargestMaxValue = 1_000_000;

    /// <summary>A value strictly above this raises a warning alert.</summary>
    public int? WarningAbove { get; set; }

    /// <summary>A value strictly above this raises a critical alert.</summary>
    public int? CriticalAbove { get; set; }

    /// <summary>Catalogue order, so every client lists measures the same way.</summary>
    public int SortOrder { get; set; }

    public List<MeasureApplicability> AppliesTo { get; set; } = [];

    /// <summary>Retired: no longer asked for or accepted in new returns; the values old returns hold stay readable.</summary>
    public bool Retired { get; set; }

    /// <summary>Every revision, oldest first; the row above is the latest one's state, kept for reading.</summary>
    public List<MeasureRevision> Revisions { get; set; } = [];
}

public sealed class MeasureApplicability
{
    public int MeasureId { get; set; }

    public OrganisationType OrganisationType { get; set; }

    public bool Required { get; set; }
}
