using System.Globalization;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>
/// What a revision says a measure is: everything but its code (its key) and its place in the catalogue's order. Two
/// definitions are the same measure when <see cref="ChangesFrom"/> finds nothing; a save that changes nothing adds no
/// revision.
/// </summary>
public sealed record MeasureDefinition(
    string Name,
    string Unit,
    MeasureKind Kind,
    IReadOnlyList<OrganisationType> AppliesTo,
    IReadOnlyList<OrganisationType> RequiredFor,
    string? MustNotExceed,
    int? WarningAbove,
    int? CriticalAbove,
    int MaxValue,
    bool Retired)
{
    /// <summary>The measure row's current state.</summary>
    public static MeasureDefinition Of(Measure measure) => new(
        measure.Name, measure.Unit, measure.Kind,
        [.. measure.AppliesTo.Select(a => a.OrganisationType).Order()],
        [.. measure.AppliesTo.Where(a => a.Required).Select(a => a.OrganisationType).Order()],
        measure.MustNotExceed, measure.WarningAbove, measure.CriticalAbove, measure.MaxValue, measure.Retired);

    /// <summary>What changed from <paramref name="before"/> (nothing before: a new measure), in words for the audit trail; empty when nothing did.</summary>
    public IReadOnlyList<string> ChangesFrom(MeasureDefinition? before)
    {
        if (before is null)
        {
            return ["created"];
        }

        var changes = new List<string>();
        void Compare<T>(string what, T was, T now, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
            {
                changes.Add($"{what} {show(was)} → {show(now)}");
            }
        }

        static string Text(string? text) => text is null ? "none" : $"'{text}'";
        static string Number(int? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "none";
        static string Types(IReadOnlyList<OrganisationType> types) =>
            types.Count == 0 ? "none" : string.Join(", ", types.Select(OrganisationTypeNames.Contract));

        Compare("name", before.Name, Name, Text);
        Compare("unit", before.Unit, Unit, Text);
        Compare("kind", before.Kind, Kind, k => MeasureKindNames.Contract(k));
        if (!before.AppliesTo.Order().SequenceEqual(AppliesTo.Order()))
        {
            changes.Add($"appliesTo {Types(before.AppliesTo)} → {Types(AppliesTo)}");
        }

        if (!before.RequiredFor.Order().SequenceEqual(RequiredFor.Order()))
        {
            changes.Add($"requiredFor {Types(before.RequiredFor)} → {Types(RequiredFor)}");
        }

        Compare("mustNotExceed", before.MustNotExceed, MustNotExceed, Text);
        Compare("warningAbove", before.WarningAbove, WarningAbove, Number);
        Compare("criticalAbove", before.CriticalAbove, CriticalAbove, Number);
        Compare("maxValue", before.MaxValue, MaxValue, n => Number(n));
        if (before.Retired != Retired)
        {
            changes.Add(Retired ? "retired" : "brought back from retirement");
        }

        return changes;
    }

    /// <summary>Writes this definition onto the measure row (its current state) and its applicability rows.</summary>
    public void ApplyTo(Measure measure)
    {
        (measure.Name, measure.Unit, measure.Kind, measure.MustNotExceed) = (Name, Unit, Kind, MustNotExceed);
        (measure.WarningAbove, measure.CriticalAbove, measure.MaxValue, measure.Retired) = (WarningAbove, CriticalAbove, MaxValue, Retired);
        measure.AppliesTo.RemoveAll(a => !AppliesTo.Contains(a.OrganisationType));
        foreach (var type in AppliesTo)
        {
            if (measure.AppliesTo.Find(a => a.OrganisationType == type) is { } existing)
            {
                existing.Required = RequiredFor.Contains(type);
            }
            else
            {
                measure.AppliesTo.Add(new MeasureApplicability { OrganisationType = type, Required = RequiredFor.Contains(type) });
            }
        }
    }

    /// <summary>This definition as revision <paramref name="number"/>, made by <paramref name="changedBy"/> (null subject: the seeds).</summary>
    public MeasureRevision ToRevision(int number, DateTime changedAt, string changedBy, string? changedBySubject, bool bySeeds, string reason) => new()
    {
        Revision = number,
        ChangedAt = changedAt,
        ChangedBy = changedBy,
        ChangedBySubject = changedBySubject,
        ChangedBySeeds = bySeeds,
        Reason = reason,
        Name = Name,
        Unit = Unit,
        Kind = Kind,
        MustNotExceed = MustNotExceed,
        WarningAbove = WarningAbove,
        CriticalAbove = CriticalAbove,
        MaxValue = MaxValue,
        Retired = Retired,
        AppliesTo = [.. AppliesTo.Select(type => new MeasureRevisionApplicability { OrganisationType = type, Required = RequiredFor.Contains(type) })],
    };
}
