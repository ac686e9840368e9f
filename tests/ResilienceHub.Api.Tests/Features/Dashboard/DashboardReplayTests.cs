using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

/// <summary>
/// The ledger keeps running sums and per-period aggregates of the present and corrects them for a replay; these tests
/// check every figure that depends on an instant against the rules of docs/domain.md applied literally to the versions
/// sent by then, over random incidents (late, missing, amended and re-amended returns, measures left out) folded in
/// batches as the dashboard's tail would, at many instants: between submissions, exactly on them and across local
/// midnight.
/// </summary>
public class DashboardReplayTests
{
    private const int Postponed = 1, InEd = 2;
    private static readonly MeasureView PostponedMeasure = new(Postponed, "ELECTIVE_OPS_POSTPONED", "Elective operations postponed today", "operations",
        MeasureKind.CumulativeDaily, [OrganisationType.AcuteTrust], [], null, null, null, Measure.DefaultMaxValue);
    private static readonly MeasureView InEdMeasure = new(InEd, "ED_PATIENTS_IN_DEPARTMENT", "Patients in A&E now", "patients",
        MeasureKind.Snapshot, [OrganisationType.AcuteTrust], [], null, null, null, Measure.DefaultMaxValue);
    private static readonly OrganisationView[] Organisations =
        [.. Enumerable.Range(1, 4).Select(id => new OrganisationView(id, $"ORG{id}", $"Organisation {id}", OrganisationType.AcuteTrust, false))];
    private static readonly ReferenceDataSnapshot Catalogue = new(Organisations, [], [PostponedMeasure, InEdMeasure]);

    // Three local days, 00:00 to 03:00 BST: each day's first report (23:00Z) falls on the UTC date before, so a total
    // that reset at UTC midnight instead of local midnight would be caught.
    private static readonly ReportingSchedule Schedule = new("Europe/London", 60, 15,
        [.. Enumerable.Range(0, 3).Select(d => new ReportingWindow(new DateOnly(2016, 4, 26).AddDays(d), new TimeOnly(0, 0), new TimeOnly(3, 0)))]);
    private static readonly IncidentView Incident = new(1, "TEST", "Test", "OTHER", 1, Schedule, [1, 2, 3, 4], new DateTime(2016, 4, 25, 0, 0, 0, DateTimeKind.Utc), null);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryFigureAtEveryInstantIsWhatTheVersionsSentByThenSay(int seed)
    {
        var versions = RandomIncident(new Random(seed));
        var ledger = IncidentLedger.For(Schedule, Catalogue);
        // Folded in a few batches in the order they were written, as the ledger reads the log's tail.
        foreach (var batch in versions.Chunk(1 + versions.Count / 5))
        {
            ledger = ledger.Apply(batch);
        }

        var first = Schedule.Periods[0].OpensAt;
        var last = versions.Max(v => v.SubmittedAt).AddHours(2);
        var instants = versions.Select(v => v.SubmittedAt)
            .Concat(Enumerable.Range(0, (int)((last - first).TotalMinutes / 7)).Select(i => first.AddMinutes(7 * i)))
            .Distinct().Order();
        foreach (var asOf in instants)
        {
            var dashboard = DashboardCalculator.Compute(Incident, ledger, Catalogue, asOf);
            var expected = new Reference(versions, asOf);
            var because = $"seed {seed}, asOf {asOf:O}";

            Assert.True(expected.Trend(Postponed).Select(v => (long)v).SequenceEqual(dashboard.Trend(["ELECTIVE_OPS_POSTPONED"])[0].Points.Select(p => p.Value)), $"postponed trend, {because}");
            Assert.True(expected.Trend(InEd).Select(v => (long)v).SequenceEqual(dashboard.Trend(["ED_PATIENTS_IN_DEPARTMENT"])[0].Points.Select(p => p.Value)), $"ED trend, {because}");
            var totals = dashboard.Totals.ToDictionary(t => t.Measure.Id);
            Assert.Equal((expected.Today(Postponed), expected.IncidentToDate(Postponed), expected.Reporting(Postponed)),
                (totals[Postponed].Value, totals[Postponed].IncidentToDate!.Value, totals[Postponed].ReportingOrganisations));
            Assert.Equal((expected.Snapshot(InEd), expected.Reporting(InEd)), (totals[InEd].Value, totals[InEd].ReportingOrganisations));
            foreach (var status in dashboard.Organisations)
            {
                var id = status.Organisation.Id;
                Assert.Equal(expected.Overdue(id), status.OverduePeriods.Select(p => p.StartsAt));
                Assert.Equal(expected.Latest(id)?.Id, status.Latest?.Id);
                Assert.Equal(expected.Latest(id)?.Version, status.Latest?.Version);
                Assert.Equal(expected.Previous(id)?.Id, status.Previous?.Id);
            }

            Assert.Equal(expected.Compliance(), (dashboard.Compliance.OnTime, dashboard.Compliance.Late, dashboard.Compliance.Overdue));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SignOffAndNilReturnsAtEveryInstantAreWhatTheVersionsAndSignOffsRecordedByThenSay(int seed)
    {
        var random = new Random(seed);
        // Some versions nil (no values), and some signed off a while after they were sent, before any later version.
        var versions = RandomIncident(random).ConvertAll(v => random.NextDouble() < 0.25 ? v with { Measures = [] } : v);
        versions = versions.ConvertAll(v => v.Measures.Count == 0 ? v with { Nil = true } : v);
        var signOffs = new List<SignOffView>();
        foreach (var version in versions.Where(_ => random.NextDouble() < 0.6))
        {
            var next = versions.Where(v => v.Id == version.Id && v.Version == version.Version + 1).Select(v => (DateTime?)v.SubmittedAt).SingleOrDefault();
            var at = version.SubmittedAt.AddMinutes(random.Next(0, 90));
            if (next is null || at < next)
            {
                signOffs.Add(new(version.Id, version.OrganisationId, version.Version, at, "signatory"));
            }
        }

        // Sign-offs read in the order recorded, some in a batch before their versions (as SQL Server may commit them).
        var ledger = IncidentLedger.For(Schedule, Catalogue);
        var signOffBatches = signOffs.OrderBy(s => s.At).Chunk(1 + signOffs.Count / 4).ToList();
        var batches = versions.Chunk(1 + versions.Count / 4).ToList();
        for (var i = 0; i < Math.Max(batches.Count, signOffBatches.Count); i++)
        {
            ledger = ledger.Apply(i < batches.Count ? batches[i] : [], i < signOffBatches.Count ? signOffBatches[i] : []);
        }

        var incident = Incident with { RequiresSignOff = true };
        var first = Schedule.Periods[0].OpensAt;
        var last = versions.Max(v => v.SubmittedAt).AddHours(3);
        var instants = versions.Select(v => v.SubmittedAt).Concat(signOffs.Select(s => s.At))
            .Concat(Enumerable.Range(0, (int)((last - first).TotalMinutes / 11)).Select(i => first.AddMinutes(11 * i)))
            .Distinct().Order();
        foreach (var asOf in instants)
        {
            var dashboard = DashboardCalculator.Compute(incident, ledger, Catalogue, asOf);
            var expected = new Reference(versions, asOf);
            var because = $"seed {seed}, asOf {asOf:O}";
            // The returns counted (on time or late by then), each as it stood then.
            var counted = expected.Counted().ToList();
            bool SignedOff(SitrepView v) => signOffs.Any(s => s.SitrepId == v.Id && s.Version == v.Version && s.At <= asOf);
            Assert.True(
                (counted.Count(SignedOff), counted.Count(v => !SignedOff(v)), counted.Count(v => v.Nil))
                    == (dashboard.Compliance.SignedOff, dashboard.Compliance.AwaitingSignOff, dashboard.Compliance.Nil),
                $"compliance {dashboard.Compliance}, {because}");
            var totals = dashboard.Totals.ToDictionary(t => t.Measure.Id);
            Assert.Equal((expected.Snapshot(InEd), expected.Reporting(InEd)), (totals[InEd].Value, totals[InEd].ReportingOrganisations));
            Assert.Equal(expected.Today(Postponed), totals[Postponed].Value);
            foreach (var status in dashboard.Organisations)
            {
                var latest = expected.Latest(status.Organisation.Id);
                Assert.True((latest is not null && !SignedOff(latest)) == status.AwaitingSignOff, $"{status.Organisation.OdsCode} awaiting, {because}");
                Assert.Equal(latest?.Nil, status.Latest?.Nil);
                Assert.Equal(
                    latest is not null && SignedOff(latest) ? signOffs.Single(s => s.SitrepId == latest.Id && s.Version == latest.Version).At : null,
                    status.Latest?.SeenAsOf!.SignOffOf(status.Latest)?.At);
            }

            Assert.Equal(
                Organisations.Count(o => expected.Latest(o.Id) is { } l && !SignedOff(l) && l.Value(InEd) is not null), totals[InEd].AwaitingSignOff);
        }
    }

    [Fact]
    public void FoldingVersionsOneAtATimeGivesTheSameLedgerAsFoldingThemAllAtOnce()
    {
        var versions = RandomIncident(new Random(99));
        var whole = IncidentLedger.For(Schedule, Catalogue).Apply(versions);
        var oneByOne = versions.Aggregate(IncidentLedger.For(Schedule, Catalogue), (ledger, v) => ledger.Apply([v]));
        var again = oneByOne.Apply(versions);

        var end = versions.Max(v => v.SubmittedAt);
        Assert.Equal(whole.VersionCount, again.VersionCount);
        Assert.Equal(versions.Count, whole.VersionCount);
        Assert.Equal(whole.Trend([Postponed, InEd], end), again.Trend([Postponed, InEd], end));
    }

    /// <summary>A random incident: each organisation's returns, some missing, some late, some corrected more than once.</summary>
    private static List<SitrepView> RandomIncident(Random random)
    {
        var versions = new List<SitrepView>();
        var sitrepId = 0;
        foreach (var organisation in Organisations)
        {
            foreach (var period in Schedule.Periods)
            {
                if (random.NextDouble() < 0.15)
                {
                    continue;
                }

                sitrepId++;
                // From the opening of the submission interval to well after the due time (late), sometimes next day.
                var submittedAt = period.OpensAt.AddMinutes(random.NextDouble() < 0.1 ? random.Next(60, 1500) : random.Next(0, 40));
                for (var version = 1; version == 1 || random.NextDouble() < 0.35; version++)
                {
                    MeasureValueView[] measures = random.NextDouble() < 0.1
                        ? [new(InEd, random.Next(0, 50))]
                        : [new(Postponed, random.Next(0, 30)), new(InEd, random.Next(0, 50))];
                    versions.Add(new SitrepView(sitrepId, 1, organisation.Id, period.StartsAt, submittedAt > period.DueAt, version, version, submittedAt,
                        "test", null, random.Next(1, 5), false, null, null, null, version > 1 ? "corrected" : null, measures));
                    submittedAt = submittedAt.AddMinutes(random.Next(1, 600));
                }
            }
        }

        // In the order they were written.
        return [.. versions.OrderBy(v => v.SubmittedAt).ThenBy(v => v.Version)];
    }

    /// <summary>The dashboard rules of docs/domain.md, applied literally to the versions sent by asOf.</summary>
    private sealed class Reference(IReadOnlyList<SitrepView> versions, DateTime asOf)
    {
        // Each return as it stood at asOf: its highest version sent by then.
        private readonly List<SitrepView> _returns = [.. versions.Where(v => v.SubmittedAt <= asOf)
            .GroupBy(v => v.Id).Select(g => g.MaxBy(v => v.Version)!)];

        private readonly DateOnly _today = Schedule.LocalDateOf(asOf);

        private static DateOnly DateOf(SitrepView v) => Schedule.LocalDateOf(v.PeriodStartsAt);

        private SitrepView? Standing(int organisationId, DateTime at) =>
            _returns.Where(r => r.OrganisationId == organisationId && r.PeriodStartsAt <= at).MaxBy(r => r.PeriodStartsAt);

        public SitrepView? Latest(int organisationId) => Standing(organisationId, asOf);

        public SitrepView? Previous(int organisationId) => Latest(organisationId) is { } latest
            ? _returns.Where(r => r.OrganisationId == organisationId && r.PeriodStartsAt < latest.PeriodStartsAt).MaxBy(r => r.PeriodStartsAt)
            : null;

        public int Snapshot(int measureId) => Organisations.Sum(o => Latest(o.Id)?.Value(measureId) ?? 0);

        public int Today(int measureId) => Organisations.Sum(o => Latest(o.Id) is { } r && DateOf(r) == _today ? r.Value(measureId) ?? 0 : 0);

        public int Reporting(int measureId) => Organisations.Count(o => Latest(o.Id) is { } r && r.Value(measureId) is not null
            && (measureId == InEd || DateOf(r) == _today));

        public int IncidentToDate(int measureId) => Today(measureId) + _returns
            .Where(r => DateOf(r) < _today)
            .GroupBy(r => (r.OrganisationId, DateOf(r)))
            .Sum(day => day.MaxBy(r => r.PeriodStartsAt)!.Value(measureId) ?? 0);

        public IEnumerable<int> Trend(int measureId) => Schedule.Periods.Where(p => p.StartsAt <= asOf).Select(p => Organisations.Sum(o =>
            Standing(o.Id, p.StartsAt) is { } r && (measureId == InEd || DateOf(r) == p.LocalDate) ? r.Value(measureId) ?? 0 : 0));

        public IEnumerable<DateTime> Overdue(int organisationId) => Schedule.Periods
            .Where(p => p.DueAt <= asOf && !_returns.Any(r => r.OrganisationId == organisationId && r.PeriodStartsAt == p.StartsAt))
            .Select(p => p.StartsAt);

        /// <summary>The returns counted on time (due by asOf) or late (arrived by asOf), each as it stood at asOf.</summary>
        public IEnumerable<SitrepView> Counted() => _returns.Where(r =>
        {
            var period = Schedule.FindPeriod(r.PeriodStartsAt)!.Value;
            var firstSent = versions.Single(v => v.Id == r.Id && v.Version == 1).SubmittedAt;
            return firstSent > period.DueAt || period.DueAt <= asOf;
        });

        public (int OnTime, int Late, int Overdue) Compliance()
        {
            var firsts = versions.Where(v => v.Version == 1 && v.SubmittedAt <= asOf).ToList();
            var due = Schedule.Periods.Where(p => p.DueAt <= asOf).ToList();
            var onTime = firsts.Count(v => due.Any(p => p.StartsAt == v.PeriodStartsAt && v.SubmittedAt <= p.DueAt));
            var late = firsts.Count(v => Schedule.FindPeriod(v.PeriodStartsAt)!.Value.DueAt < v.SubmittedAt);
            return (onTime, late, due.Count * Organisations.Length - onTime - late);
        }
    }
}
