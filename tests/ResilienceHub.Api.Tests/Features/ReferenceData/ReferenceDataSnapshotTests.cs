using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Tests.Features.ReferenceData;

public class ReferenceDataSnapshotTests
{
    private static DateTime Utc(int day, int hour) => new(2016, 4, day, hour, 0, 0, DateTimeKind.Utc);

    private static MeasureRevisionView Revision(int number, DateTime at, int? warning, bool retired = false) => new(
        1, number, at, number == 1 ? SeedIdentity.Name : "Regional admin", number == 1, "why", "Postponed", "operations", MeasureKind.CumulativeDaily,
        [OrganisationType.AcuteTrust], [OrganisationType.AcuteTrust], null, warning, null, 1000, retired);

    private static readonly MeasureView Postponed = new(1, "POSTPONED", "Postponed", "operations", MeasureKind.CumulativeDaily,
        [OrganisationType.AcuteTrust], [OrganisationType.AcuteTrust], null, 30, null, 1000, Retired: true);

    private static readonly ReferenceDataSnapshot Catalogue = new([], [], [Postponed],
        [Revision(3, Utc(27, 9), 30, retired: true), Revision(1, Utc(20, 0), 10), Revision(2, Utc(26, 12), 20)]);

    [Theory]
    [InlineData(26, 7, 1, 10)]
    [InlineData(26, 12, 2, 20)]
    [InlineData(27, 8, 2, 20)]
    [InlineData(27, 9, 3, 30)]
    [InlineData(30, 0, 3, 30)]
    public void TheRevisionInForceAtAnInstantIsTheLatestMadeByThen(int day, int hour, int revision, int warning)
    {
        var inForce = Catalogue.RevisionAt(1, Utc(day, hour))!;

        Assert.Equal((revision, warning), (inForce.Revision, inForce.WarningAbove!.Value));
    }

    [Fact]
    public void BeforeTheFirstRevisionTheFirstStandsAndAnUnknownMeasureHasNone()
    {
        Assert.Equal(1, Catalogue.RevisionAt(1, Utc(1, 0))!.Revision);
        Assert.Null(Catalogue.RevisionAt(99, Utc(26, 7)));
    }

    [Fact]
    public void TheHistoryIsOldestFirstAndASnapshotWithoutOneHasTheCurrentStateAsItsOnlyRevision()
    {
        Assert.Equal([1, 2, 3], Catalogue.HistoryOf(1).Select(r => r.Revision));
        var bare = new ReferenceDataSnapshot([], [], [Postponed]);

        var only = Assert.Single(bare.HistoryOf(1));
        Assert.Equal((1, 30, true), (only.Revision, only.WarningAbove!.Value, only.Retired));
        Assert.Same(only, bare.RevisionAt(1, Utc(26, 7)));
    }

    [Fact]
    public void ARetiredMeasureIsInTheCatalogueButNotAskedOfAnyone()
    {
        Assert.Contains(Postponed, Catalogue.Measures);
        Assert.Contains(Postponed, Catalogue.MeasuresFor(OrganisationType.AcuteTrust));
        Assert.Empty(Catalogue.MeasuresAskedOf(OrganisationType.AcuteTrust));
    }

    [Fact]
    public void AnOrganisationsGroupsAreTheGroupsItIsAMemberOf()
    {
        var snapshot = new ReferenceDataSnapshot(
            [new(1, "RNL", "North Cumbria", OrganisationType.AcuteTrust, false), new(2, "RXN", "Lancashire", OrganisationType.AcuteTrust, false)],
            [new(1, "NCSRG", "North Cumbria", [1]), new(2, "NW", "North West", [1, 2])],
            []);

        Assert.Equal(["NCSRG", "NW"], snapshot.GroupsOf(1).Select(g => g.Code));
        Assert.Equal(["NW"], snapshot.GroupsOf(2).Select(g => g.Code));
        Assert.Empty(snapshot.GroupsOf(3));
    }
}
