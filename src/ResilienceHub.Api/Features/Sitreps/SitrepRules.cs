using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Sitreps;

public sealed record MeasureValueInput(string Code, int Value);

/// <summary>What a reporter states in one version of a return; a nil return (<see cref="Nil"/>) states no measures.</summary>
public sealed record SitrepContent(
    int OpelLevel,
    bool CriticalIncidentDeclared,
    IReadOnlyList<MeasureValueInput> Measures,
    string? KeyIssues,
    string? Mitigations,
    string? SupportRequested,
    bool Nil = false);

/// <summary>A return of the same organisation on the same local day, as a running total for the day is checked against it.</summary>
public sealed record SameDayReturn(int SitrepId, string LocalTime, IReadOnlyList<MeasureValueView> Measures)
{
    public int? ValueOf(int measureId) => Measures.Where(m => m.MeasureId == measureId).Select(m => (int?)m.Value).FirstOrDefault();
}

/// <summary>The rules every version of a return obeys, whoever sends it: the API, a feed or the seeds.</summary>
public static class SitrepRules
{
    public const int MinOpelLevel = 1;
    public const int MaxOpelLevel = 4;

    /// <summary>Every problem with the content, not just the first, each with its input path.</summary>
    /// <remarks>With no organisation type (the organisation is unknown) only the type-free rules apply.</remarks>
    public static List<UserError> Validate(SitrepContent content, OrganisationType? organisationType, ReferenceDataSnapshot catalogue)
    {
        var errors = new List<UserError>();
        if (content.OpelLevel is < MinOpelLevel or > MaxOpelLevel)
        {
            errors.Add(new("OPEL_LEVEL_OUT_OF_RANGE", $"OPEL level must be between {MinOpelLevel} and {MaxOpelLevel}; {content.OpelLevel} was sent.", ["opelLevel"]));
        }

        UserErrors.CheckText(errors, content.KeyIssues, "keyIssues", SitrepVersionLimits.FreeTextMaxLength, multiline: true);
        UserErrors.CheckText(errors, content.Mitigations, "mitigations", SitrepVersionLimits.FreeTextMaxLength, multiline: true);
        UserErrors.CheckText(errors, content.SupportRequested, "supportRequested", SitrepVersionLimits.FreeTextMaxLength, multiline: true);
        if (!content.Nil)
        {
            ValidateMeasures(errors, content.Measures, organisationType, catalogue);
        }
        else if (content.Measures.Count > 0)
        {
            // A nil return says the organisation is not affected: a figure beside it would be read as a zero or as a position.
            errors.Add(new("NIL_RETURN_WITH_MEASURES",
                $"A nil return says the organisation is not affected this period, so it carries no measures; {content.Measures.Count} were sent. Send measures: [], or send a full return (nil: false).",
                ["measures"]));
        }

        return errors;
    }

    private static void ValidateMeasures(
        List<UserError> errors, IReadOnlyList<MeasureValueInput> measures, OrganisationType? type, ReferenceDataSnapshot catalogue)
    {
        var typeName = type is { } known ? OrganisationTypeNames.Display(known) : "";
        var accepted = new Dictionary<string, (int Index, int Value, MeasureView Measure)>(StringComparer.Ordinal);
        for (var index = 0; index < measures.Count; index++)
        {
            var (code, value) = measures[index];
            var at = UserErrors.Index(index);
            if (!catalogue.MeasuresByCode.TryGetValue(code, out var measure))
            {
                errors.Add(new("UNKNOWN_MEASURE", $"'{code}' is not a measure in the catalogue.", ["measures", at, "code"]));
                continue;
            }

            if (measure.Retired)
            {
                errors.Add(new("MEASURE_RETIRED", $"{measure.Name} ({code}) has been retired from the catalogue: returns no longer carry it, so leave it out. Returns sent before it was retired still show it.", ["measures", at, "code"]));
                continue;
            }

            if (type is { } t && !measure.AppliesTo.Contains(t))
            {
                errors.Add(new("MEASURE_NOT_APPLICABLE", $"{measure.Name} ({code}) is not reported by {typeName} organisations.", ["measures", at, "code"]));
                continue;
            }

            if (accepted.ContainsKey(code))
            {
                errors.Add(new("DUPLICATE_MEASURE", $"{code} is given more than once; send each measure once.", ["measures", at, "code"]));
                continue;
            }

            if (value < 0)
            {
                errors.Add(new("NEGATIVE_VALUE", $"{measure.Name} ({code}) cannot be negative; {value} was sent.", ["measures", at, "value"]));
            }
            else if (value > measure.MaxValue)
            {
                errors.Add(new("VALUE_TOO_LARGE",
                    $"{measure.Name} ({code}) is {value}, more than the {measure.MaxValue} this measure accepts: check for a slip of the keyboard. If the figure is real, an administrator can raise the measure's ceiling.",
                    ["measures", at, "value"]));
            }

            accepted[code] = (index, value, measure);
        }

        foreach (var (code, (index, value, measure)) in accepted)
        {
            if (measure.MustNotExceed is { } boundCode && accepted.TryGetValue(boundCode, out var bound) && value > bound.Value && bound.Value >= 0)
            {
                errors.Add(new(
                    "EXCEEDS_BOUND",
                    $"{measure.Name} ({code}) is {value}, more than {bound.Measure.Name} ({boundCode}) at {bound.Value}.",
                    ["measures", UserErrors.Index(index), "value"]));
            }
        }

        // The catalogue as it stands: a return is checked against the revision in force when it is sent, which is now.
        var requiredMeasures = type is { } reporting ? catalogue.MeasuresAskedOf(reporting).Where(m => m.RequiredFor.Contains(reporting)) : [];
        foreach (var required in requiredMeasures.Where(m => !accepted.ContainsKey(m.Code)))
        {
            errors.Add(new("REQUIRED_MEASURE_MISSING", $"{required.Name} ({required.Code}) is required from {typeName} organisations.", ["measures"]));
        }
    }

    /// <summary>
    /// A running total for the day (CUMULATIVE_DAILY) never falls within the day: not below what the organisation's
    /// earlier return that day said, nor above what its later one says. Refused rather than accepted, because a fall
    /// would take postponements off the director's figures without anyone having corrected them; the earlier figure
    /// is one amendment away from right, and the message says which return to amend.
    /// </summary>
    public static List<UserError> ValidateRunningTotals(SitrepContent content, ReferenceDataSnapshot catalogue, SameDayReturn? earlier, SameDayReturn? later)
    {
        var errors = new List<UserError>();
        for (var index = 0; index < content.Measures.Count; index++)
        {
            var (code, value) = content.Measures[index];
            if (!catalogue.MeasuresByCode.TryGetValue(code, out var measure) || measure.Kind != MeasureKind.CumulativeDaily)
            {
                continue;
            }

            var at = new[] { "measures", UserErrors.Index(index), "value" };
            if (earlier?.ValueOf(measure.Id) is { } before && value < before)
            {
                errors.Add(new("RUNNING_TOTAL_DECREASES",
                    $"{measure.Name} ({code}) counts up through the day, but {value} is less than the {before} already reported for {earlier.LocalTime} (return {Ids.Format(NodeTypes.Sitrep, earlier.SitrepId)}). If that figure was too high, amend that return first; otherwise send at least {before}.",
                    at));
            }
            else if (later?.ValueOf(measure.Id) is { } after && value > after)
            {
                errors.Add(new("RUNNING_TOTAL_DECREASES",
                    $"{measure.Name} ({code}) counts up through the day, but {value} is more than the {after} already reported for {later.LocalTime} later that day (return {Ids.Format(NodeTypes.Sitrep, later.SitrepId)}). Amend that return first, or send at most {after}.",
                    at));
            }
        }

        return errors;
    }
}
