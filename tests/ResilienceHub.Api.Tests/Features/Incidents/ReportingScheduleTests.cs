using ResilienceHub.Api.Features.Incidents;
using static ResilienceHub.Api.Tests.Features.Incidents.TestSchedules;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class ReportingScheduleTests
{
    [Fact]
    public void TheStrikeScheduleHasTwentyHourlyPeriodsStartingAtSevenUtcBecauseAprilIsBritishSummerTime()
    {
        var periods = Strike().Periods;

        Assert.Equal(20, periods.Count);
        var first = periods[0];
        Assert.Equal(Utc(2016, 4, 26, 7), first.StartsAt);
        Assert.Equal(Utc(2016, 4, 26, 7, 15), first.DueAt);
        Assert.Equal(Utc(2016, 4, 26, 6, 45), first.OpensAt);
        Assert.Equal(Utc(2016, 4, 26, 8), first.EndsAt);
        Assert.Equal(new DateOnly(2016, 4, 26), first.LocalDate);
        Assert.Equal(Utc(2016, 4, 26, 16), periods[9].StartsAt);
        Assert.Equal(Utc(2016, 4, 27, 7), periods[10].StartsAt);
        Assert.Equal(Utc(2016, 4, 27, 16), periods[19].StartsAt);
        Assert.Equal(new DateOnly(2016, 4, 27), periods[19].LocalDate);
    }

    [Theory]
    // Before the first window: its first opening (06:45Z). Between them: the next start, due time or opening.
    [InlineData("2016-04-26T05:00:00Z", "2016-04-26T06:45:00Z")]
    [InlineData("2016-04-26T07:00:00Z", "2016-04-26T07:00:00Z")]
    [InlineData("2016-04-26T07:05:00Z", "2016-04-26T07:15:00Z")]
    // At a due time itself: that instant, as a return still missing is overdue just after it.
    [InlineData("2016-04-26T07:15:00Z", "2016-04-26T07:15:00Z")]
    [InlineData("2016-04-26T07:20:00Z", "2016-04-26T07:45:00Z")]
    // After the first day's last due time: local midnight (23:00Z in British Summer Time), before the next day's opening.
    [InlineData("2016-04-26T16:30:00Z", "2016-04-26T23:00:00Z")]
    // After the last period: only local midnights are left.
    [InlineData("2016-04-28T12:00:00Z", "2016-04-28T23:00:00Z")]
    public void TheScheduleSaysWhenItNextChangesByTheClockAlone(string now, string next)
    {
        static DateTime Parse(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(Parse(next), Strike().NextChangeAfter(Parse(now)));
    }

    [Fact]
    public void EveryInstantOfAPeriodIsUtc()
    {
        foreach (var p in Strike().Periods)
        {
            Assert.All([p.StartsAt, p.EndsAt, p.DueAt, p.OpensAt], t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        }
    }

    [Fact]
    public void InGreenwichMeanTimeTheLocalReportTimeIsTheUtcTime()
    {
        var periods = Hourly(Window(2016, 1, 12, 8, 17)).Periods;

        Assert.Equal(10, periods.Count);
        Assert.Equal(Utc(2016, 1, 12, 8), periods[0].StartsAt);
        Assert.Equal(Utc(2016, 1, 12, 17), periods[^1].StartsAt);
    }

    [Fact]
    public void TheSpringClockChangeDayHasTwentyThreeHourlyPeriodsWithNoGap()
    {
        var periods = Hourly(Window(2016, 3, 27, 0, 23)).Periods;

        // 00:00 GMT is 00:00Z; 23:00 BST is 22:00Z; 01:00 local never happens.
        var expected = Enumerable.Range(0, 23).Select(h => Utc(2016, 3, 27, 0).AddHours(h));
        Assert.Equal(expected, periods.Select(p => p.StartsAt));
        Assert.All(periods, p => Assert.Equal(new DateOnly(2016, 3, 27), p.LocalDate));
        Assert.All(periods, p => Assert.Equal(TimeSpan.FromHours(1), p.EndsAt - p.StartsAt));
    }

    [Fact]
    public void TheAutumnClockChangeDayHasTwentyFiveHourlyPeriodsWithNoDuplicate()
    {
        var periods = Hourly(Window(2016, 10, 30, 0, 23)).Periods;

        // 00:00 BST is 23:00Z the day before; 23:00 GMT is 23:00Z; 01:00 local happens twice and both are reported.
        var expected = Enumerable.Range(0, 25).Select(h => Utc(2016, 10, 29, 23).AddHours(h));
        Assert.Equal(expected, periods.Select(p => p.StartsAt));
        Assert.Equal(25, periods.Select(p => p.StartsAt).Distinct().Count());
        Assert.All(periods, p => Assert.Equal(new DateOnly(2016, 10, 30), p.LocalDate));
        Assert.All(periods, p => Assert.Equal(TimeSpan.FromHours(1), p.EndsAt - p.StartsAt));
    }

    [Theory]
    [InlineData(3, 27, 7)]   // after the clocks go forward: 08:00 BST
    [InlineData(10, 30, 8)]  // after the clocks go back: 08:00 GMT
    public void AWorkingDayWindowOnAClockChangeDayHasTenPeriods(int month, int day, int firstUtcHour)
    {
        var periods = Hourly(Window(2016, month, day, 8, 17)).Periods;

        Assert.Equal(10, periods.Count);
        Assert.Equal(Utc(2016, month, day, firstUtcHour), periods[0].StartsAt);
        Assert.Equal(Utc(2016, month, day, firstUtcHour + 9), periods[^1].StartsAt);
    }

    [Fact]
    public void AnAmbiguousLastReportTimeTakesTheLaterInstantSoBothOneOClocksAreReported()
    {
        var periods = Hourly(Window(2016, 10, 30, 0, 1)).Periods;

        Assert.Equal(
            [Utc(2016, 10, 29, 23), Utc(2016, 10, 30, 0), Utc(2016, 10, 30, 1)],
            periods.Select(p => p.StartsAt));
    }

    [Fact]
    public void AnAmbiguousFirstReportTimeTakesTheEarlierInstant()
    {
        var periods = Hourly(Window(2016, 10, 30, 1, 3)).Periods;

        Assert.Equal(
            [Utc(2016, 10, 30, 0), Utc(2016, 10, 30, 1), Utc(2016, 10, 30, 2), Utc(2016, 10, 30, 3)],
            periods.Select(p => p.StartsAt));
    }

    [Fact]
    public void AFirstReportTimeInTheSpringGapMovesForwardByTheGap()
    {
        var window = new ReportingWindow(new DateOnly(2016, 3, 27), new TimeOnly(1, 30), new TimeOnly(4, 0));

        var periods = Hourly(window).Periods;

        // 01:30 does not exist; it becomes 02:30 BST (01:30Z). 04:00 BST is 03:00Z.
        Assert.Equal([Utc(2016, 3, 27, 1, 30), Utc(2016, 3, 27, 2, 30)], periods.Select(p => p.StartsAt));
    }

    [Fact]
    public void PeriodsStopAtOrBeforeALastReportTimeThatIsNotAWholeNumberOfCadencesAway()
    {
        var window = new ReportingWindow(new DateOnly(2016, 4, 26), new TimeOnly(8, 0), new TimeOnly(9, 45));

        var periods = Hourly(window).Periods;

        Assert.Equal([Utc(2016, 4, 26, 7), Utc(2016, 4, 26, 8)], periods.Select(p => p.StartsAt));
    }

    [Fact]
    public void PeriodsAndWindowsAreOrderedByTimeWhateverTheOrderOfTheWindowsGiven()
    {
        var schedule = Hourly(Window(2016, 4, 27, 8, 9), Window(2016, 4, 26, 8, 9));

        Assert.Equal([new DateOnly(2016, 4, 26), new DateOnly(2016, 4, 27)], schedule.Windows.Select(w => w.Date));
        Assert.Equal(
            [Utc(2016, 4, 26, 7), Utc(2016, 4, 26, 8), Utc(2016, 4, 27, 7), Utc(2016, 4, 27, 8)],
            schedule.Periods.Select(p => p.StartsAt));
    }

    [Fact]
    public void TheScheduleKeepsItsSettings()
    {
        var schedule = Strike();

        Assert.Equal(London, schedule.TimeZoneId);
        Assert.Equal(60, schedule.CadenceMinutes);
        Assert.Equal(15, schedule.GraceMinutes);
        Assert.Equal(2, schedule.Windows.Count);
    }

    [Fact]
    public void FindPeriodReturnsThePeriodStartingExactlyAtTheInstant()
    {
        var schedule = Strike();

        Assert.Equal(schedule.Periods[11], schedule.FindPeriod(Utc(2016, 4, 27, 8)));
        Assert.Null(schedule.FindPeriod(Utc(2016, 4, 27, 8, 1)));
        Assert.Null(schedule.FindPeriod(Utc(2016, 4, 26, 8).AddTicks(-1)));
        Assert.Null(schedule.FindPeriod(Utc(2016, 4, 26, 6)));
    }

    [Fact]
    public void AnInstantThatIsNotUtcIsRefusedRatherThanShiftedSilently()
    {
        var schedule = Strike();
        var unspecified = new DateTime(2016, 4, 26, 7, 0, 0, DateTimeKind.Unspecified);

        Assert.Throws<ArgumentException>(() => schedule.FindPeriod(unspecified));
        Assert.Throws<ArgumentException>(() => schedule.CurrentPeriod(unspecified));
        Assert.Throws<ArgumentException>(() => schedule.LocalDateOf(unspecified));
    }

    [Fact]
    public void CurrentPeriodIsTheLatestWhoseSubmissionIntervalHasOpened()
    {
        var schedule = Strike();

        Assert.Null(schedule.CurrentPeriod(Utc(2016, 4, 26, 6, 45).AddTicks(-1)));
        Assert.Equal(Utc(2016, 4, 26, 7), schedule.CurrentPeriod(Utc(2016, 4, 26, 6, 45))?.StartsAt);
        Assert.Equal(Utc(2016, 4, 26, 7), schedule.CurrentPeriod(Utc(2016, 4, 26, 7, 44, 59))?.StartsAt);
        Assert.Equal(Utc(2016, 4, 26, 8), schedule.CurrentPeriod(Utc(2016, 4, 26, 7, 45))?.StartsAt);
        Assert.Equal(Utc(2016, 4, 26, 16), schedule.CurrentPeriod(Utc(2016, 4, 27, 3))?.StartsAt);
        Assert.Equal(Utc(2016, 4, 27, 16), schedule.CurrentPeriod(Utc(2016, 5, 1, 0))?.StartsAt);
    }

    [Fact]
    public void PeriodsDueByCountsThoseWhoseDueTimeHasPassedOrArrived()
    {
        var schedule = Strike();

        Assert.Equal(0, schedule.CountPeriodsDueBy(Utc(2016, 4, 26, 7, 15).AddTicks(-1)));
        Assert.Equal(1, schedule.CountPeriodsDueBy(Utc(2016, 4, 26, 7, 15)));
        Assert.Equal(10, schedule.CountPeriodsDueBy(Utc(2016, 4, 27, 7)));
        Assert.Equal(20, schedule.CountPeriodsDueBy(Utc(2016, 4, 28, 0)));
    }

    [Theory]
    [InlineData(22, 59, 26)]
    [InlineData(23, 0, 27)]
    [InlineData(23, 30, 27)]
    public void LocalDateOfFollowsBritishSummerTimeAcrossMidnight(int utcHour, int utcMinute, int localDay)
    {
        Assert.Equal(new DateOnly(2016, 4, localDay), Strike().LocalDateOf(Utc(2016, 4, 26, utcHour, utcMinute)));
    }

    [Fact]
    public void AnInvalidScheduleCannotBeBuilt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReportingSchedule("Mars/Olympus_Mons", 60, 15, []));

        Assert.Contains("UNKNOWN_TIME_ZONE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NO_WINDOWS", ex.Message, StringComparison.Ordinal);
    }
}
