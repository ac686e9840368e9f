using ResilienceHub.Api.Features.Incidents;
using static ResilienceHub.Api.Tests.Features.Incidents.TestSchedules;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class ReportingScheduleValidationTests
{
    private static readonly ReportingWindow[] StrikeWindows = [Window(2016, 4, 26, 8, 17), Window(2016, 4, 27, 8, 17)];

    private static ScheduleProblem SingleProblem(
        string zone = London, int cadence = 60, int grace = 15, IEnumerable<ReportingWindow>? windows = null) =>
        Assert.Single(ReportingSchedule.Validate(zone, cadence, grace, windows ?? StrikeWindows));

    [Fact]
    public void TheStrikeScheduleHasNoProblems()
    {
        Assert.Empty(ReportingSchedule.Validate(London, 60, 15, StrikeWindows));
    }

    [Theory]
    [InlineData("Europe/Londres")]
    [InlineData("BST")]
    [InlineData("")]
    public void AnUnknownTimeZoneIsReportedOnTheTimeZoneField(string zone)
    {
        var problem = SingleProblem(zone: zone);

        Assert.Equal("UNKNOWN_TIME_ZONE", problem.Code);
        Assert.Equal(["timeZone"], problem.Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(4)]
    [InlineData(1441)]
    public void ACadenceOutsideFiveMinutesToADayIsReported(int cadence)
    {
        var problem = SingleProblem(cadence: cadence, grace: 0);

        Assert.Equal("INVALID_CADENCE", problem.Code);
        Assert.Equal(["cadenceMinutes"], problem.Field);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1440)]
    public void ACadenceAtEitherLimitIsAccepted(int cadence)
    {
        Assert.Empty(ReportingSchedule.Validate(London, cadence, 0, StrikeWindows));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60)]
    [InlineData(90)]
    public void AGraceThatIsNegativeOrNotShorterThanTheCadenceIsReported(int grace)
    {
        var problem = SingleProblem(grace: grace);

        Assert.Equal("INVALID_GRACE", problem.Code);
        Assert.Equal(["graceMinutes"], problem.Field);
    }

    [Fact]
    public void AGraceOneMinuteShorterThanTheCadenceIsAccepted()
    {
        Assert.Empty(ReportingSchedule.Validate(London, 60, 59, StrikeWindows));
    }

    [Fact]
    public void NoWindowsIsReportedOnTheWindowsField()
    {
        var problem = SingleProblem(windows: []);

        Assert.Equal("NO_WINDOWS", problem.Code);
        Assert.Equal(["windows"], problem.Field);
    }

    [Fact]
    public void AWindowWhoseFirstReportIsAfterItsLastIsReportedOnItsLastReportTime()
    {
        var problem = SingleProblem(windows: [.. StrikeWindows, Window(2016, 4, 28, 17, 8)]);

        Assert.Equal("WINDOW_FIRST_AFTER_LAST", problem.Code);
        Assert.Equal(["windows", "2", "lastReportAt"], problem.Field);
    }

    [Fact]
    public void AFirstReportTimeInTheSpringGapThatMovesPastTheLastIsReported()
    {
        // 01:30 does not exist on 27 March 2016 and becomes 02:30 BST, after 02:15 BST.
        var window = new ReportingWindow(new DateOnly(2016, 3, 27), new TimeOnly(1, 30), new TimeOnly(2, 15));

        var problem = SingleProblem(windows: [window]);

        Assert.Equal("WINDOW_FIRST_AFTER_LAST", problem.Code);
        Assert.Equal(["windows", "0", "lastReportAt"], problem.Field);
    }

    [Fact]
    public void AWindowWithOneReportTimeIsAccepted()
    {
        Assert.Empty(ReportingSchedule.Validate(London, 60, 15, [Window(2016, 4, 26, 12, 12)]));
    }

    [Fact]
    public void TwoWindowsOnTheSameDateAreReportedOnTheLaterOnesDate()
    {
        var problem = SingleProblem(windows: [Window(2016, 4, 26, 8, 12), Window(2016, 4, 27, 8, 17), Window(2016, 4, 26, 13, 17)]);

        Assert.Equal("WINDOWS_OVERLAP", problem.Code);
        Assert.Equal(["windows", "2", "date"], problem.Field);
    }

    [Fact]
    public void AWindowThatStartsBeforeThePreviousDaysLastPeriodEndsIsReported()
    {
        // The 23:30 period of 26 April runs to 00:30 on the 27th, past the 27th's first report at 00:00.
        ReportingWindow[] windows =
        [
            new(new DateOnly(2016, 4, 26), new TimeOnly(0, 30), new TimeOnly(23, 30)),
            new(new DateOnly(2016, 4, 27), new TimeOnly(0, 0), new TimeOnly(8, 0)),
        ];

        var problem = SingleProblem(windows: windows);

        Assert.Equal("WINDOWS_OVERLAP", problem.Code);
        Assert.Equal(["windows", "1", "firstReportAt"], problem.Field);
    }

    [Fact]
    public void ConsecutiveRoundTheClockWindowsDoNotOverlap()
    {
        Assert.Empty(ReportingSchedule.Validate(London, 60, 15, [Window(2016, 10, 29, 0, 23), Window(2016, 10, 30, 0, 23), Window(2016, 10, 31, 0, 23)]));
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        var problems = ReportingSchedule.Validate("Nowhere/Special", 0, -5, []);

        Assert.Equal(["UNKNOWN_TIME_ZONE", "INVALID_CADENCE", "INVALID_GRACE", "NO_WINDOWS"], problems.Select(p => p.Code));
    }

    [Fact]
    public void ProblemsWithTheSettingsAndSeveralWindowsAreReportedTogether()
    {
        var problems = ReportingSchedule.Validate(
            London, 30, 30, [Window(2016, 4, 26, 8, 17), Window(2016, 4, 27, 17, 8), Window(2016, 4, 26, 9, 10)]);

        Assert.Equal(
            [
                ("INVALID_GRACE", "graceMinutes"),
                ("WINDOW_FIRST_AFTER_LAST", "windows/1/lastReportAt"),
                ("WINDOWS_OVERLAP", "windows/2/date"),
            ],
            problems.Select(p => (p.Code, string.Join('/', p.Field))));
    }
}
