using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>
/// A measure as an admin saves it: the whole of its next revision. <paramref name="MaxValue"/> and
/// <paramref name="Retired"/> omitted keep what they were (a new measure: the default ceiling, not retired); the
/// other optional fields omitted mean none.
/// </summary>
public sealed record SaveMeasureInput(
    string Code,
    string Name,
    string Unit,
    MeasureKind Kind,
    IReadOnlyList<OrganisationType> AppliesTo,
    IReadOnlyList<OrganisationType> RequiredFor,
    string Reason,
    string? MustNotExceed = null,
    int? WarningAbove = null,
    int? CriticalAbove = null,
    int? MaxValue = null,
    bool? Retired = null);

/// <summary>The measure as it now stands, or every reason it was refused.</summary>
public sealed record MeasureResult(MeasureView? Measure, IReadOnlyList<UserError> Errors);
