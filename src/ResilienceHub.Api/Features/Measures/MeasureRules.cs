using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>What a revision of the catalogue may say, checked against the catalogue as it stands (docs/reference-data.md).</summary>
public static class MeasureRules
{
    /// <summary>A measure's code: capital letters, digits and underscores, beginning with a letter (ELECTIVE_OPS_POSTPONED).</summary>
    public static bool IsCode(string code) =>
        code.Length is > 0 and <= MeasureLimits.CodeMaxLength && char.IsAsciiLetterUpper(code[0])
        && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>
    /// Every problem with saving <paramref name="proposed"/> under <paramref name="code"/>, each with its input path.
    /// <paramref name="catalogue"/> is every measure as it stands (this one too, when it exists); <paramref name="kindLocked"/>
    /// says that returns already carry the measure, so its kind cannot change.
    /// </summary>
    public static List<UserError> Validate(
        string code, MeasureDefinition proposed, IReadOnlyList<OrganisationType> appliesToAsSent, IReadOnlyList<OrganisationType> requiredForAsSent,
        string reason, IReadOnlyList<MeasureView> catalogue, bool kindLocked)
    {
        var errors = new List<UserError>();
        var existing = catalogue.FirstOrDefault(m => m.Code == code);
        if (!IsCode(code))
        {
            errors.Add(new("INVALID_MEASURE_CODE", $"A measure's code is up to {MeasureLimits.CodeMaxLength} capital letters, digits and underscores, beginning with a letter, e.g. ELECTIVE_OPS_POSTPONED; '{code}' is not one.", ["code"]));
        }

        if (proposed.Name.Length == 0)
        {
            errors.Add(new("NAME_REQUIRED", "Give the measure the name a reporter reads, e.g. Elective operations postponed today (so far).", ["name"]));
        }

        UserErrors.CheckText(errors, proposed.Name, "name", MeasureLimits.NameMaxLength);
        if (proposed.Unit.Length == 0)
        {
            errors.Add(new("UNIT_REQUIRED", "Say what the measure counts, e.g. operations, patients or beds.", ["unit"]));
        }

        UserErrors.CheckText(errors, proposed.Unit, "unit", MeasureLimits.UnitMaxLength);
        if (existing is not null && existing.Kind != proposed.Kind && kindLocked)
        {
            errors.Add(new("KIND_FIXED",
                $"{existing.Name} ({code}) is a {MeasureKindNames.Contract(existing.Kind)} measure and returns already carry it, so its kind stays: their figures were sent as that kind. Add a new measure for a {MeasureKindNames.Contract(proposed.Kind)} figure, and retire this one if it is no longer wanted.",
                ["kind"]));
        }

        CheckTypes(errors, appliesToAsSent, requiredForAsSent);
        CheckBound(errors, code, proposed, catalogue);
        CheckDependants(errors, code, proposed, catalogue);

        if (proposed.WarningAbove is < 0)
        {
            errors.Add(new("NEGATIVE_THRESHOLD", $"warningAbove cannot be negative; {proposed.WarningAbove} was sent.", ["warningAbove"]));
        }

        if (proposed.CriticalAbove is < 0)
        {
            errors.Add(new("NEGATIVE_THRESHOLD", $"criticalAbove cannot be negative; {proposed.CriticalAbove} was sent.", ["criticalAbove"]));
        }
        else if (proposed is { WarningAbove: >= 0 and var warning, CriticalAbove: { } critical } && critical < warning)
        {
            errors.Add(new("CRITICAL_BELOW_WARNING", $"criticalAbove ({critical}) must be at or above warningAbove ({warning}).", ["criticalAbove"]));
        }

        if (proposed.MaxValue is <= 0 or > Measure.LargestMaxValue)
        {
            errors.Add(new("INVALID_MAX_VALUE", $"maxValue, the largest value a return may carry, is between 1 and {Measure.LargestMaxValue}; {proposed.MaxValue} was sent.", ["maxValue"]));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("REASON_REQUIRED", "Say why the measure is being added or changed: the reason is kept with the revision.", ["reason"]));
        }

        UserErrors.CheckText(errors, reason, "reason", MeasureLimits.ReasonMaxLength, multiline: true);
        return errors;
    }

    private static void CheckTypes(List<UserError> errors, IReadOnlyList<OrganisationType> appliesTo, IReadOnlyList<OrganisationType> requiredFor)
    {
        if (appliesTo.Count == 0)
        {
            errors.Add(new("APPLIES_TO_REQUIRED", "Name at least one organisation type that reports the measure.", ["appliesTo"]));
        }

        foreach (var (list, field) in new[] { (appliesTo, "appliesTo"), (requiredFor, "requiredFor") })
        {
            for (var index = 0; index < list.Count; index++)
            {
                if (list.Take(index).Contains(list[index]))
                {
                    errors.Add(new("DUPLICATE_TYPE", $"{field} names {OrganisationTypeNames.Contract(list[index])} more than once; name each type once.", [field, UserErrors.Index(index)]));
                }
            }
        }

        for (var index = 0; index < requiredFor.Count; index++)
        {
            if (!appliesTo.Contains(requiredFor[index]))
            {
                errors.Add(new("REQUIRED_NOT_APPLICABLE",
                    $"requiredFor names {OrganisationTypeNames.Contract(requiredFor[index])}, which appliesTo does not: a measure is required only of types that report it.",
                    ["requiredFor", UserErrors.Index(index)]));
            }
        }
    }

    /// <summary>mustNotExceed names another measure of the catalogue, current, reported by every type this one is, and not bounded by this one in turn.</summary>
    private static void CheckBound(List<UserError> errors, string code, MeasureDefinition proposed, IReadOnlyList<MeasureView> catalogue)
    {
        if (proposed.MustNotExceed is not { } boundCode)
        {
            return;
        }

        var field = new[] { "mustNotExceed" };
        var bound = catalogue.FirstOrDefault(m => m.Code == boundCode);
        if (boundCode == code)
        {
            errors.Add(new("BOUND_IS_ITSELF", "A measure cannot be bounded by itself; mustNotExceed names another measure of the same return, or is left out.", field));
        }
        else if (bound is null)
        {
            errors.Add(new("UNKNOWN_MEASURE", $"mustNotExceed '{boundCode}' is not a measure in the catalogue; name one by its code, or leave it out for none.", field));
        }
        else if (bound.Retired && !proposed.Retired)
        {
            errors.Add(new("BOUND_RETIRED", $"{bound.Name} ({boundCode}) is retired, so new returns do not carry it and it bounds nothing; name a current measure, or leave mustNotExceed out.", field));
        }
        else if (proposed.AppliesTo.Where(t => !bound.AppliesTo.Contains(t)).ToList() is { Count: > 0 } uncovered)
        {
            errors.Add(new("BOUND_DOES_NOT_COVER",
                $"{bound.Name} ({boundCode}) is not reported by {string.Join(", ", uncovered.Select(OrganisationTypeNames.Contract))}, which this measure is: a bound must be reported by every type this measure is.",
                field));
        }
        else
        {
            // Follow the chain of bounds from the one named: reaching this measure again would make each bound the other.
            var seen = new HashSet<string>(StringComparer.Ordinal) { boundCode };
            for (var next = bound.MustNotExceed; next is not null && seen.Add(next); next = catalogue.FirstOrDefault(m => m.Code == next)?.MustNotExceed)
            {
                if (next == code)
                {
                    errors.Add(new("BOUND_CYCLE", $"{boundCode} is itself bounded, through mustNotExceed, by {code}: bounds may not go round in a circle.", field));
                    break;
                }
            }
        }
    }

    /// <summary>The current measures bounded by this one still are: it stays current and keeps reporting their types.</summary>
    private static void CheckDependants(List<UserError> errors, string code, MeasureDefinition proposed, IReadOnlyList<MeasureView> catalogue)
    {
        var dependants = catalogue.Where(m => m.MustNotExceed == code && m.Code != code && !m.Retired).ToList();
        if (proposed.Retired && dependants.Count > 0)
        {
            errors.Add(new("MEASURE_IS_A_BOUND",
                $"{string.Join(", ", dependants.Select(d => d.Code))} {(dependants.Count == 1 ? "is" : "are")} bounded by {code} (mustNotExceed): change or retire {(dependants.Count == 1 ? "it" : "them")} first, then retire {code}.",
                ["retired"]));
        }

        var uncovered = dependants.Where(d => d.AppliesTo.Any(t => !proposed.AppliesTo.Contains(t))).ToList();
        if (uncovered.Count > 0)
        {
            errors.Add(new("BOUND_NO_LONGER_COVERS",
                $"{string.Join(", ", uncovered.Select(d => d.Code))} {(uncovered.Count == 1 ? "is" : "are")} bounded by {code} and reported by types this revision leaves out of appliesTo: change {(uncovered.Count == 1 ? "it" : "them")} first.",
                ["appliesTo"]));
        }
    }
}
