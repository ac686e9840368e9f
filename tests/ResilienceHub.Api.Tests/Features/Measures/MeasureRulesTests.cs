using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Tests.Features.Measures;

public class MeasureRulesTests
{
    private static readonly MeasureView Planned = new(1, "PLANNED", "Planned", "operations", MeasureKind.Snapshot, [OrganisationType.AcuteTrust], [OrganisationType.AcuteTrust], null, null, null, 1000);
    private static readonly MeasureView Postponed = new(2, "POSTPONED", "Postponed", "operations", MeasureKind.CumulativeDaily, [OrganisationType.AcuteTrust], [], "PLANNED", 10, 25, 1000);
    private static readonly MeasureView Old = new(3, "OLD", "Old", "things", MeasureKind.Snapshot, [OrganisationType.AcuteTrust, OrganisationType.CommunityTrust], [], null, null, null, 1000, Retired: true);
    private static readonly MeasureView[] Catalogue = [Planned, Postponed, Old];

    private static MeasureDefinition Definition(
        MeasureKind kind = MeasureKind.Snapshot, OrganisationType[]? appliesTo = null, OrganisationType[]? requiredFor = null, string? bound = null,
        int? warning = null, int? critical = null, int max = 1000, bool retired = false) =>
        new("A measure", "things", kind, appliesTo ?? [OrganisationType.AcuteTrust], requiredFor ?? [], bound, warning, critical, max, retired);

    private static IEnumerable<(string, string)> Problems(string code, MeasureDefinition definition, bool kindLocked = false) =>
        MeasureRules.Validate(code, definition, definition.AppliesTo, definition.RequiredFor, "because", Catalogue, kindLocked).Select(e => (e.Code, string.Join('.', e.Field!)));

    [Fact]
    public void AValidNewMeasureHasNoProblem() => Assert.Empty(Problems("NEW", Definition(bound: "PLANNED", warning: 1, critical: 1)));

    [Fact]
    public void AMeasuresKindChangesOnlyWhileNoReturnCarriesIt()
    {
        Assert.Empty(Problems("POSTPONED", Definition(MeasureKind.Snapshot, bound: "PLANNED"), kindLocked: false));
        Assert.Equal([("KIND_FIXED", "kind")], Problems("POSTPONED", Definition(MeasureKind.Snapshot, bound: "PLANNED"), kindLocked: true));
    }

    [Fact]
    public void ABoundIsAnotherCurrentMeasureReportedByEveryTypeAndNotACircle()
    {
        Assert.Equal([("BOUND_IS_ITSELF", "mustNotExceed")], Problems("NEW", Definition(bound: "NEW")));
        Assert.Equal([("UNKNOWN_MEASURE", "mustNotExceed")], Problems("NEW", Definition(bound: "NOWHERE")));
        Assert.Equal([("BOUND_RETIRED", "mustNotExceed")], Problems("NEW", Definition(bound: "OLD")));
        Assert.Equal([("BOUND_DOES_NOT_COVER", "mustNotExceed")], Problems("NEW", Definition(appliesTo: [OrganisationType.AcuteTrust, OrganisationType.Nhs111], bound: "PLANNED")));
        Assert.Equal([("BOUND_CYCLE", "mustNotExceed")], Problems("PLANNED", Definition(bound: "POSTPONED")));
    }

    [Fact]
    public void AMeasureOthersAreBoundedByKeepsCoveringThemAndIsNotRetiredFromUnderThem()
    {
        Assert.Equal([("MEASURE_IS_A_BOUND", "retired")], Problems("PLANNED", Definition(retired: true)));
        Assert.Equal([("BOUND_NO_LONGER_COVERS", "appliesTo")], Problems("PLANNED", Definition(appliesTo: [OrganisationType.CommunityTrust])));
    }

    [Fact]
    public void RequiredTypesAreReportingTypesEachNamedOnce()
    {
        var problems = MeasureRules.Validate("NEW", Definition(appliesTo: [OrganisationType.AcuteTrust]), [OrganisationType.AcuteTrust, OrganisationType.AcuteTrust], [OrganisationType.Nhs111], "because", Catalogue, false);

        Assert.Equal([("DUPLICATE_TYPE", "appliesTo.1"), ("REQUIRED_NOT_APPLICABLE", "requiredFor.0")], problems.Select(e => (e.Code, string.Join('.', e.Field!))));
    }

    [Theory]
    [InlineData(-1, null, "NEGATIVE_THRESHOLD", "warningAbove")]
    [InlineData(null, -1, "NEGATIVE_THRESHOLD", "criticalAbove")]
    [InlineData(10, 9, "CRITICAL_BELOW_WARNING", "criticalAbove")]
    public void ThresholdsAreNonNegativeAndCriticalIsAtOrAboveWarning(int? warning, int? critical, string code, string field) =>
        Assert.Equal([(code, field)], Problems("NEW", Definition(warning: warning, critical: critical)));

    [Fact]
    public void ADefinitionSaysWhatChangedFromTheOneBefore()
    {
        var before = Definition(requiredFor: [], warning: 10);
        var after = before with { RequiredFor = [OrganisationType.AcuteTrust], WarningAbove = null, Retired = true };

        Assert.Equal(["created"], after.ChangesFrom(null));
        Assert.Empty(before.ChangesFrom(before with { AppliesTo = [.. before.AppliesTo] }));
        Assert.Equal(["requiredFor none → ACUTE_TRUST", "warningAbove 10 → none", "retired"], after.ChangesFrom(before));
    }
}
