using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;
using static ResilienceHub.Api.Tests.Features.Incidents.TestSchedules;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class ReturnStatusRulesTests
{
    // The first period of the strike: as at 07:00Z, open from 06:45Z, due by 07:15Z.
    private static readonly ReportingPeriod Period = Strike().Periods[0];
    private static readonly DateTime OpensAt = Utc(2016, 4, 26, 6, 45);
    private static readonly DateTime DueAt = Utc(2016, 4, 26, 7, 15);

    public static TheoryData<DateTime, ReturnStatus> UnsubmittedStatuses => new()
    {
        { OpensAt.AddTicks(-1), ReturnStatus.Upcoming },
        { OpensAt, ReturnStatus.Due },
        { OpensAt.AddTicks(1), ReturnStatus.Due },
        { Utc(2016, 4, 26, 7), ReturnStatus.Due },
        { DueAt, ReturnStatus.Due },
        { DueAt.AddTicks(1), ReturnStatus.Overdue },
        { Utc(2016, 4, 27, 12), ReturnStatus.Overdue },
    };

    [Fact]
    public void ThePeriodUnderTestIsTheOneDescribed()
    {
        Assert.Equal((OpensAt, DueAt), (Period.OpensAt, Period.DueAt));
    }

    [Theory]
    [MemberData(nameof(UnsubmittedStatuses))]
    public void WithoutAReturnTheStatusFollowsTheSubmissionInterval(DateTime at, ReturnStatus expected)
    {
        Assert.Equal(expected, ReturnStatusRules.StatusAt(Period, null, at));
    }

    [Fact]
    public void AReturnSubmittedExactlyAtTheDueTimeIsOnTime()
    {
        Assert.Equal(ReturnStatus.Submitted, ReturnStatusRules.StatusAt(Period, DueAt, DueAt));
        Assert.Equal(ReturnStatus.Submitted, ReturnStatusRules.StatusAt(Period, DueAt, Utc(2016, 4, 27, 12)));
    }

    [Fact]
    public void AReturnSubmittedOneTickAfterTheDueTimeIsLate()
    {
        var submittedAt = DueAt.AddTicks(1);

        Assert.Equal(ReturnStatus.Late, ReturnStatusRules.StatusAt(Period, submittedAt, submittedAt));
        Assert.Equal(ReturnStatus.Late, ReturnStatusRules.StatusAt(Period, submittedAt, Utc(2016, 4, 27, 12)));
    }

    [Fact]
    public void AReturnIsLateWhenItsFirstVersionArrivedAfterTheDueTime()
    {
        Assert.False(ReturnStatusRules.IsLate(DueAt, OpensAt));
        Assert.False(ReturnStatusRules.IsLate(DueAt, DueAt));
        Assert.True(ReturnStatusRules.IsLate(DueAt, DueAt.AddTicks(1)));
    }

    [Fact]
    public void AReturnSubmittedAsSoonAsTheIntervalOpensIsOnTime()
    {
        Assert.Equal(ReturnStatus.Submitted, ReturnStatusRules.StatusAt(Period, OpensAt, OpensAt));
    }

    [Fact]
    public void AReturnSubmittedAfterTheInstantAskedAboutIsNotSeen()
    {
        var onTime = Utc(2016, 4, 26, 7, 10);
        var late = Utc(2016, 4, 26, 7, 30);

        Assert.Equal(ReturnStatus.Upcoming, ReturnStatusRules.StatusAt(Period, onTime, Utc(2016, 4, 26, 6)));
        Assert.Equal(ReturnStatus.Due, ReturnStatusRules.StatusAt(Period, onTime, Utc(2016, 4, 26, 7, 5)));
        Assert.Equal(ReturnStatus.Overdue, ReturnStatusRules.StatusAt(Period, late, late.AddTicks(-1)));
        Assert.Equal(ReturnStatus.Late, ReturnStatusRules.StatusAt(Period, late, late));
    }

    [Fact]
    public void AnInstantThatIsNotUtcIsRefused()
    {
        var local = new DateTime(2016, 4, 26, 8, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => ReturnStatusRules.StatusAt(Period, null, local));
        Assert.Throws<ArgumentException>(() => ReturnStatusRules.StatusAt(Period, local, DueAt));
    }
}
