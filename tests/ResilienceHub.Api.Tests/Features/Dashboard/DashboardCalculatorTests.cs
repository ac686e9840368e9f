using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

/// <summary>
/// A small strike worked by hand: three acute trusts, report times 08:00, 09:00 and 10:00 BST on
/// 26 and 27 April 2016 (07:00Z–09:00Z), grace 15 minutes, with late, missing and amended returns.
/// Every expected figure below is worked out in the comments from the returns listed in Returns().
/// </summary>
public class DashboardCalculatorTests
{
    private const int Postponed = 1, InEd = 2;
    private static readonly MeasureView PostponedMeasure = new(Postponed, "ELECTIVE_OPS_POSTPONED", "Elective operations postponed today", "operations",
        MeasureKind.CumulativeDaily, [OrganisationType.AcuteTrust], [OrganisationType.AcuteTrust], null, 10, 25, Measure.DefaultMaxValue);
    private static readonly MeasureView InEdMeasure = new(InEd, "ED_PATIENTS_IN_DEPARTMENT", "Patients in A&E now", "patients",
        MeasureKind.Snapshot, [OrganisationType.AcuteTrust], [OrganisationType.AcuteTrust], null, null, null, Measure.DefaultMaxValue);
    private static readonly OrganisationView Alpha = new(1, "AAA", "Alpha Hospitals", OrganisationType.AcuteTrust, false);
    private static readonly OrganisationView Bravo = new(2, "BBB", "Bravo Hospitals", OrganisationType.AcuteTrust, false);
    private static readonly OrganisationView Charlie = new(3, "CCC", "Charlie Hospitals", OrganisationType.AcuteTrust, false);
    private static readonly ReferenceDataSnapshot Catalogue = new([Alpha, Bravo, Charlie], [], [PostponedMeasure, InEdMeasure]);
    private static readonly ReportingSchedule Schedule = new("Europe/London", 60, 15, [
        new ReportingWindow(new DateOnly(2016, 4, 26), new TimeOnly(8, 0), new TimeOnly(10, 0)),
        new ReportingWindow(new DateOnly(2016, 4, 27), new TimeOnly(8, 0), new TimeOnly(10, 0)),
    ]);
    private static readonly IncidentView Incident = new(1, "TEST", "Test", "OTHER", 1, Schedule, [1, 2, 3], Utc(25, 9, 0), null);

    private static readonly IncidentLedger Ledger = IncidentLedger.For(Schedule, Catalogue).Apply(Returns());

    private static DateTime Utc(int day, int hour, int minute) => new(2016, 4, day, hour, minute, 0, DateTimeKind.Utc);

    private static SitrepView Version(
        int sitrepId, OrganisationView organisation, DateTime period, int version, DateTime submittedAt, int opel, int postponed, int inEd,
        bool critical = false, string? support = null) =>
        new(sitrepId, 1, organisation.Id, period, submittedAt > period.AddMinutes(15), version, version, submittedAt, "test", null, opel, critical,
            null, null, support, version > 1 ? "corrected" : null, [new MeasureValueView(Postponed, postponed), new MeasureValueView(InEd, inEd)]);

    private static List<SitrepView> Returns() =>
    [
        // 26 April (P1 07:00Z, P2 08:00Z, P3 09:00Z)
        Version(1, Alpha, Utc(26, 7, 0), 1, Utc(26, 7, 5), opel: 2, postponed: 3, inEd: 20),
        Version(2, Alpha, Utc(26, 8, 0), 1, Utc(26, 8, 5), opel: 3, postponed: 8, inEd: 25),
        Version(3, Alpha, Utc(26, 9, 0), 1, Utc(26, 9, 10), opel: 3, postponed: 12, inEd: 30),
        Version(4, Bravo, Utc(26, 7, 0), 1, Utc(26, 7, 20), opel: 1, postponed: 1, inEd: 10), // late
        Version(5, Bravo, Utc(26, 9, 0), 1, Utc(26, 9, 5), opel: 2, postponed: 4, inEd: 12), // nothing for 08:00Z
        Version(6, Charlie, Utc(26, 7, 0), 1, Utc(26, 7, 10), opel: 2, postponed: 0, inEd: 5),
        Version(6, Charlie, Utc(26, 7, 0), 2, Utc(26, 7, 40), opel: 2, postponed: 2, inEd: 6), // corrected
        Version(7, Charlie, Utc(26, 8, 0), 1, Utc(26, 8, 10), opel: 2, postponed: 2, inEd: 7),
        Version(8, Charlie, Utc(26, 9, 0), 1, Utc(26, 9, 14), opel: 2, postponed: 5, inEd: 9),
        // 27 April (P4 07:00Z, P5 08:00Z, P6 09:00Z)
        Version(9, Alpha, Utc(27, 7, 0), 1, Utc(27, 7, 2), opel: 4, postponed: 30, inEd: 40, critical: true, support: "Need two anaesthetists"),
        Version(9, Alpha, Utc(27, 7, 0), 2, Utc(27, 9, 30), opel: 4, postponed: 28, inEd: 40, critical: true), // corrected after 08:30Z
        Version(10, Bravo, Utc(27, 7, 0), 1, Utc(27, 7, 50), opel: 2, postponed: 2, inEd: 15), // late; Charlie sends nothing on the 27th
    ];

    private static readonly DashboardView At0830 = DashboardCalculator.Compute(Incident, Ledger, Catalogue, Utc(27, 8, 30));

    [Fact]
    public void ComplianceCountsEveryReturnDueByAsOf()
    {
        // Due by 08:30Z on the 27th: P1–P5, so 3 × 5 = 15 expected.
        // Alpha: P1–P4 on time, P5 missing. Bravo: P1 late, P2 missing, P3 on time, P4 late, P5 missing.
        // Charlie: P1–P3 on time (its P1 first arrived 07:10), P4 and P5 missing.
        Assert.Equal(new ComplianceView(15, 8, 2, 5, 53.3), At0830.Compliance);
    }

    [Fact]
    public void EachOrganisationShowsItsLatestReturnAsItStoodThen()
    {
        var byName = At0830.Organisations.ToDictionary(o => o.Organisation.Name);

        Assert.Equal(["Alpha Hospitals", "Bravo Hospitals", "Charlie Hospitals"], At0830.Organisations.Select(o => o.Organisation.Name));
        // Alpha's P4 was corrected at 09:30Z, after asOf: version 1 stands.
        Assert.Equal((1, 30, 4), (byName["Alpha Hospitals"].Latest!.Version, byName["Alpha Hospitals"].Latest!.Value(Postponed)!.Value, byName["Alpha Hospitals"].OpelLevel!.Value));
        Assert.Equal(1, byName["Alpha Hospitals"].Latest!.CurrentVersion);
        Assert.Equal(Utc(26, 9, 0), byName["Charlie Hospitals"].Latest!.PeriodStartsAt);
        Assert.Equal([90, 90, 1410], At0830.Organisations.Select(o => o.MinutesSinceLatestReturn!.Value));
        Assert.All(At0830.Organisations, o => Assert.Equal(ReturnStatus.Overdue, o.CurrentReturn));
        Assert.Equal([Utc(27, 8, 0)], byName["Alpha Hospitals"].OverduePeriods.Select(p => p.StartsAt));
        Assert.Equal([Utc(26, 8, 0), Utc(27, 8, 0)], byName["Bravo Hospitals"].OverduePeriods.Select(p => p.StartsAt));
        Assert.Equal([Utc(27, 7, 0), Utc(27, 8, 0)], byName["Charlie Hospitals"].OverduePeriods.Select(p => p.StartsAt));
    }

    [Fact]
    public void TheSystemLevelIsTheHighestAndTheSpreadCountsEachLevel()
    {
        Assert.Equal(4, At0830.SystemOpelLevel);
        Assert.Equal([0, 2, 0, 1], At0830.OpelSpread.Select(s => s.Organisations));
        Assert.Equal(Utc(27, 8, 0), At0830.CurrentPeriod!.Value.StartsAt);
    }

    [Fact]
    public void AReturnRaisesTheSystemLevelWhenTheLevelWithItIsHigherThanWithoutIt()
    {
        // 08:30Z on the 26th: latest returns Alpha P2 (3), Bravo P1 (1, nothing for P2), Charlie P2 (2): the system is at 3.
        // Bravo's P2 at OPEL 4 takes it to 4; at OPEL 3 it stays at 3. A new return has no id yet (0).
        var now = Utc(26, 8, 30);
        Assert.Equal(new SystemOpelChange(3, 4), SystemOpel.With(Incident, Ledger, Version(0, Bravo, Utc(26, 8, 0), 1, now, opel: 4, postponed: 2, inEd: 10), now));
        Assert.True(SystemOpel.With(Incident, Ledger, Version(0, Bravo, Utc(26, 8, 0), 1, now, opel: 4, postponed: 2, inEd: 10), now).Raised);
        Assert.False(SystemOpel.With(Incident, Ledger, Version(0, Bravo, Utc(26, 8, 0), 1, now, opel: 3, postponed: 2, inEd: 10), now).Raised);
    }

    [Fact]
    public void AReturnSentEarlyCountsFromItsPeriodsStartAndACorrectionCanLowerTheLevel()
    {
        // Sent at 07:50Z for P2, it counts from 08:00Z, when the latest returns are the P1s: Alpha 2, Bravo 1, Charlie 2 (corrected). 2 to 4.
        Assert.Equal(new SystemOpelChange(2, 4), SystemOpel.With(Incident, Ledger, Version(0, Bravo, Utc(26, 8, 0), 1, Utc(26, 7, 50), opel: 4, postponed: 2, inEd: 10), Utc(26, 7, 50)));
        // 09:40Z on the 27th: Alpha's P4 (4, corrected at 09:30Z), Bravo's P4 (2), Charlie's P3 of the 26th (2). Alpha corrected to 2: 4 to 2.
        var lowered = SystemOpel.With(Incident, Ledger, Version(9, Alpha, Utc(27, 7, 0), 3, Utc(27, 9, 40), opel: 2, postponed: 28, inEd: 40), Utc(27, 9, 40));
        Assert.Equal((new SystemOpelChange(4, 2), false), (lowered, lowered.Raised));
    }

    [Fact]
    public void TheFirstReturnGivesTheSystemALevelAndASecondReturnForAPeriodChangesNothing()
    {
        var empty = IncidentLedger.For(Schedule, Catalogue);
        var first = SystemOpel.With(Incident, empty, Version(0, Alpha, Utc(26, 7, 0), 1, Utc(26, 7, 5), opel: 3, postponed: 0, inEd: 1), Utc(26, 7, 5));
        Assert.Equal((new SystemOpelChange(null, 3), false), (first, first.Raised));
        // Bravo already sent its P1 (return 4): a second one, which its unique key refuses, leaves the level at 3.
        Assert.Equal(new SystemOpelChange(3, 3), SystemOpel.With(Incident, Ledger, Version(0, Bravo, Utc(26, 7, 0), 1, Utc(26, 8, 30), opel: 4, postponed: 1, inEd: 10), Utc(26, 8, 30)));
    }

    [Fact]
    public void SnapshotTotalsAddUpLatestReturnsAndDailyTotalsOnlyTodays()
    {
        var totals = At0830.Totals.ToDictionary(t => t.Measure.Id);

        // Latest returns: Alpha 40, Bravo 15, Charlie (26th) 9.
        Assert.Equal(new MeasureTotalView(InEdMeasure, 64, null, 3), totals[InEd]);
        // Today (27th): Alpha 30 + Bravo 2; Charlie has not reported today. The 26th ended at 12 + 4 + 5 = 21.
        Assert.Equal(new MeasureTotalView(PostponedMeasure, 32, 53, 2), totals[Postponed]);
    }

    [Fact]
    public void WhatChangedComparesEachLatestReturnWithTheOneBefore()
    {
        string Changes(string name) => string.Join(", ", At0830.Organisations.Single(o => o.Organisation.Name == name).Changes
            .Select(c => $"{c.Measure.Id}:{c.Previous}->{c.Current}({c.Difference})"));

        Assert.Equal("1:12->30(18), 2:30->40(10)", Changes("Alpha Hospitals"));
        Assert.Equal("1:4->2(-2), 2:12->15(3)", Changes("Bravo Hospitals"));
        Assert.Equal("1:2->5(3), 2:7->9(2)", Changes("Charlie Hospitals"));
    }

    [Fact]
    public void AlertsSayWhyForEachOrganisationNewestFirst()
    {
        var alerts = At0830.Alerts.Select(a => $"{a.Severity} {a.Kind} {a.Organisation!.Name}").ToList();

        Assert.Equal(
        [
            // Due at 08:15Z: every organisation missed P5.
            "Warning RETURN_OVERDUE Alpha Hospitals",
            "Warning RETURN_OVERDUE Bravo Hospitals",
            "Warning RETURN_OVERDUE Charlie Hospitals",
            // Alpha's P4, sent at 07:02Z.
            "Critical OPEL_4 Alpha Hospitals",
            "Critical CRITICAL_INCIDENT Alpha Hospitals",
            "Critical THRESHOLD Alpha Hospitals",
            "Warning OPEL_RAISED Alpha Hospitals",
            "Warning SUPPORT_REQUESTED Alpha Hospitals",
        ], alerts);
        Assert.Contains(At0830.Alerts, a => a.Message == "Bravo Hospitals has not sent its 09:00 return, due at 09:15 (2 returns outstanding).");
        Assert.Contains(At0830.Alerts, a => a.Message == "Alpha Hospitals has raised its OPEL level from 3 to 4 (return as at 08:00).");
        Assert.Contains(At0830.Alerts, a => a.Message == "Alpha Hospitals: Elective operations postponed today is 30 operations, above the critical level of 25 (return as at 08:00).");
    }

    [Fact]
    public void TheTrendGivesTheSystemTotalAtEachReportTime()
    {
        var trend = At0830.Trend(["ELECTIVE_OPS_POSTPONED", "ED_PATIENTS_IN_DEPARTMENT"]);

        Assert.Equal([Utc(26, 7, 0), Utc(26, 8, 0), Utc(26, 9, 0), Utc(27, 7, 0), Utc(27, 8, 0)], trend[0].Points.Select(p => p.StartsAt));
        // P2: Bravo's P1 still stands; P4: Charlie's 26th total does not carry into the 27th.
        Assert.Equal([6, 11, 21, 32, 32], trend[0].Points.Select(p => p.Value));
        Assert.Equal([36, 42, 51, 64, 64], trend[1].Points.Select(p => p.Value));
    }

    [Fact]
    public void AReplayHidesEveryVersionSentAfterItsInstant()
    {
        // At 07:30Z on the 26th Charlie's correction (07:40Z) had not arrived; Bravo's late P1 (07:20Z) had.
        var early = DashboardCalculator.Compute(Incident, Ledger, Catalogue, Utc(26, 7, 30));

        Assert.Equal([3, 1, 0], early.Organisations.Select(o => o.Latest!.Value(Postponed)!.Value));
        Assert.Equal(new ComplianceView(3, 2, 1, 0, 66.7), early.Compliance);
        var later = DashboardCalculator.Compute(Incident, Ledger, Catalogue, Utc(27, 9, 45));
        Assert.Equal(28, later.Organisations[0].Latest!.Value(Postponed));
    }

    [Fact]
    public void AReturnShownAtAnInstantHasOnlyTheVersionsSentByThenAndTheNewestOfThemIsItsCurrentVersion()
    {
        // A third version of Charlie's P1 at 09:20Z on the 26th: at 08:30Z its P2 (08:10Z) is the latest and P1's
        // second version (07:40Z) stands before it, the newest then.
        var ledger = IncidentLedger.For(Schedule, Catalogue).Apply([.. Returns(), Version(6, Charlie, Utc(26, 7, 0), 3, Utc(26, 9, 20), opel: 3, postponed: 2, inEd: 6)]);
        var charlie = DashboardCalculator.Compute(Incident, ledger, Catalogue, Utc(26, 8, 30)).Organisations.Single(o => o.Organisation == Charlie);

        Assert.Equal((7, 1, 1), (charlie.Latest!.Id, charlie.Latest.Version, charlie.Latest.CurrentVersion));
        var previous = charlie.Previous!;
        Assert.Equal((6, 2, 2), (previous.Id, previous.Version, previous.CurrentVersion));
        Assert.Equal(Utc(26, 8, 30), previous.SeenAsOf!.Instant);
        Assert.Equal([(1, 2), (2, 2)], previous.SeenAsOf.Versions.Select(v => (v.Version, v.CurrentVersion)));
        Assert.All(previous.SeenAsOf.Versions, v => Assert.Same(previous.SeenAsOf, v.SeenAsOf));

        // Alpha's P4 at 08:30Z on the 27th, before its correction, and after it.
        var alphaThen = At0830.Organisations[0].Latest!;
        Assert.Equal([(1, 1)], alphaThen.SeenAsOf!.Versions.Select(v => (v.Version, v.CurrentVersion)));
        var alphaLater = DashboardCalculator.Compute(Incident, Ledger, Catalogue, Utc(27, 9, 45)).Organisations[0].Latest!;
        Assert.Equal((2, 2), (alphaLater.Version, alphaLater.CurrentVersion));
        Assert.Equal([(1, 2), (2, 2)], alphaLater.SeenAsOf!.Versions.Select(v => (v.Version, v.CurrentVersion)));
    }

    [Fact]
    public void BeforeTheFirstReturnOpensNothingIsDue()
    {
        var before = DashboardCalculator.Compute(Incident, IncidentLedger.For(Schedule, Catalogue), Catalogue, Utc(26, 6, 0));

        Assert.Equal(new ComplianceView(0, 0, 0, 0, 100), before.Compliance);
        Assert.Null(before.SystemOpelLevel);
        Assert.All(before.Organisations, o => Assert.Equal(ReturnStatus.Upcoming, o.CurrentReturn));
        Assert.Empty(before.Alerts);
    }
}
