using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Tests.Features.Exercises;

public sealed class ReplayScheduleTests
{
    private static readonly ReportingSchedule Strike = new("Europe/London", 60, 15,
    [
        new(new DateOnly(2016, 4, 26), new TimeOnly(8, 0), new TimeOnly(17, 0)),
        new(new DateOnly(2016, 4, 27), new TimeOnly(8, 0), new TimeOnly(17, 0)),
    ]);

    private static readonly DateTime StartsAt = new(2030, 1, 10, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void EachPeriodMapsInOrderAndTheNightShrinksByTheSameFactor()
    {
        var exercise = ReportingSchedule.Compressed(Strike, StartsAt, 10);

        Assert.Equal(Strike.Periods.Count, exercise.Periods.Count);
        // The source's first opening (07:45 BST, 06:45Z) is the exercise's start; 08:00 BST is 90 seconds later.
        Assert.Equal(StartsAt, exercise.Periods[0].OpensAt);
        Assert.Equal(StartsAt.AddSeconds(90), exercise.Periods[0].StartsAt);
        Assert.Equal(StartsAt.AddSeconds(180), exercise.Periods[0].DueAt);
        Assert.Equal(StartsAt.AddSeconds(90 + 360), exercise.Periods[0].EndsAt);
        for (var i = 0; i < exercise.Periods.Count; i++)
        {
            Assert.Equal(StartsAt + (Strike.Periods[i].StartsAt - Strike.Periods[0].OpensAt) / 10, exercise.Periods[i].StartsAt);
            Assert.Equal(Strike.Periods[i].LocalDate, exercise.Periods[i].LocalDate);
        }

        // 17:00 to 08:00 is fifteen hours, ninety minutes at ten times; the two days take 3 h 25 min 30 s from the first opening to the last period's end.
        Assert.Equal(TimeSpan.FromMinutes(90), exercise.Periods[10].StartsAt - exercise.Periods[9].StartsAt);
        Assert.Equal(new TimeSpan(3, 25, 30), exercise.Periods[^1].EndsAt - StartsAt);
        // The clock of an exercise reads as its source's did: the second day's daily totals start again at its first period.
        Assert.Equal(new DateOnly(2016, 4, 27), exercise.LocalDateOf(exercise.Periods[10].StartsAt));
        Assert.Equal(new TimeOnly(8, 0), exercise.LocalTimeOf(exercise.Periods[10].StartsAt));
        Assert.Equal(exercise.Periods[1].OpensAt, exercise.NextChangeAfter(exercise.Periods[0].DueAt.AddSeconds(1)));
    }

    [Fact]
    public void InstantsAreWholeSecondsRoundedDownAtASpeedThatDoesNotDivideAMinute()
    {
        var exercise = ReportingSchedule.Compressed(Strike, StartsAt, 7);

        Assert.All(exercise.Periods, p => Assert.Equal(0, p.StartsAt.Ticks % TimeSpan.TicksPerSecond));
        // 15 minutes / 7 = 128.57 s.
        Assert.Equal(StartsAt.AddSeconds(128), exercise.Periods[0].StartsAt);
        Assert.Equal(exercise.Periods[3], exercise.FindPeriod(exercise.Periods[3].StartsAt));
    }

    [Theory]
    [InlineData(0.99, 60, "SPEED_OUT_OF_RANGE")]
    [InlineData(60.01, 60, "SPEED_OUT_OF_RANGE")]
    [InlineData(double.NaN, 60, "SPEED_OUT_OF_RANGE")]
    [InlineData(6, 5, "PERIOD_TOO_SHORT")]
    [InlineData(60, 60, null)]
    [InlineData(5, 5, null)]
    [InlineData(1, 60, null)]
    public void ASpeedIsOneToSixtyAndLeavesPeriodsOfAMinuteAtLeast(double speed, int cadence, string? refused)
    {
        var problems = ReplaySpeeds.Check(speed, cadence);

        Assert.Equal(refused, problems.SingleOrDefault()?.Code);
        Assert.All(problems, p => Assert.Equal(["speed"], p.Field));
    }

    [Fact]
    public void AFirstVersionKeepsItsLatenessHoweverTheRoundingFalls()
    {
        var source = new IncidentView(1, "SOURCE", "Source", "OTHER", 1, Strike, [1], StartsAt, null);
        var exercise = new IncidentView(2, "EX", "Exercise", "OTHER", 1, ReportingSchedule.Compressed(Strike, StartsAt, 60), [1], StartsAt, null, Exercise: true, ReplayOfId: 1, ReplaySpeed: 60);
        var period = Strike.Periods[0];
        var mapped = exercise.Schedule.Periods[0];

        // Fifty seconds after the due time is under a second at sixty times: it still arrives after the due time.
        var late = ReplaySchedule.InjectionAt(source, exercise, period.StartsAt, 1, late: true, period.DueAt.AddSeconds(50));
        Assert.True(late > mapped.DueAt);
        var onTime = ReplaySchedule.InjectionAt(source, exercise, period.StartsAt, 1, late: false, period.DueAt);
        Assert.True(onTime < mapped.DueAt);
        // A correction arrives at its scaled instant.
        Assert.Equal(StartsAt.AddMinutes(1), ReplaySchedule.InjectionAt(source, exercise, period.StartsAt, 2, late: false, period.OpensAt.AddHours(1)));
    }

    [Theory]
    [InlineData(1, 600)]
    [InlineData(10, 60)]
    [InlineData(60, 10)]
    [InlineData(7, 85)]
    public void AReplayChasesAfterTheChaseDelayScaledByItsSpeedAndWithinThePeriodAsItsSourceDid(double speed, int seconds)
    {
        var chaseAfter = TimeSpan.FromMinutes(10);
        var live = new IncidentView(1, "LIVE", "Strike", "OTHER", 1, Strike, [1], StartsAt, null);
        var exercise = new IncidentView(2, "EX", "Exercise", "OTHER", 1, ReportingSchedule.Compressed(Strike, StartsAt, speed), [1], StartsAt, null, Exercise: true, ReplayOfId: 1, ReplaySpeed: speed);
        // A tabletop exercise, declared without a source, runs on the wall clock and is chased as a live incident is.
        var tabletop = live with { Reference = "TABLETOP", Exercise = true };

        Assert.Equal(chaseAfter, NotificationScheduler.ChaseDelay(live, chaseAfter));
        Assert.Equal(chaseAfter, NotificationScheduler.ChaseDelay(tabletop, chaseAfter));
        // Rounded down to the whole second, as the replay's instants are: 600 s / 7 is 85.7 s.
        var delay = TimeSpan.FromSeconds(seconds);
        Assert.Equal(delay, NotificationScheduler.ChaseDelay(exercise, chaseAfter));
        foreach (var period in new[] { exercise.Schedule.Periods[0], exercise.Schedule.Periods[9], exercise.Schedule.Periods[10] })
        {
            Assert.NotEqual(period.StartsAt, NotificationScheduler.PeriodToChase(exercise, period.DueAt + delay - TimeSpan.FromSeconds(1), chaseAfter)?.StartsAt);
            Assert.Equal(period.StartsAt, NotificationScheduler.PeriodToChase(exercise, period.DueAt + delay, chaseAfter)?.StartsAt);
            // Within the period, as ten minutes after the due time is within the source's hour.
            Assert.True(period.DueAt + delay < period.EndsAt);
        }

        Assert.Equal(Strike.Periods[0].StartsAt, NotificationScheduler.PeriodToChase(live, Strike.Periods[0].DueAt + chaseAfter, chaseAfter)?.StartsAt);
        Assert.Null(NotificationScheduler.PeriodToChase(live, Strike.Periods[0].DueAt + chaseAfter - TimeSpan.FromSeconds(1), chaseAfter));
    }

    [Fact]
    public void EverySubjectAndTextOfAnExerciseLeadsWithTheCodewordAndALiveIncidentsWithout()
    {
        var live = new IncidentView(1, "LIVE", "Strike", "OTHER", 1, Strike, [1], StartsAt, null);
        var exercise = live with { Reference = "EX", Exercise = true };
        var link = new Uri("https://resiliencehub.example/");
        var organisation = new OrganisationView(1, "RNL", "North Cumbria Integrated Care", OrganisationType.AcuteTrust, false);

        foreach (var message in new[]
        {
            NotificationTexts.Declared(exercise, link), NotificationTexts.StoodDown(exercise, link),
            NotificationTexts.ReturnOverdue(exercise, organisation, exercise.Schedule.Periods[0], link),
            NotificationTexts.Escalation(exercise, NotificationTopic.Opel4, organisation, exercise.Schedule.Periods[0], null, link),
        })
        {
            Assert.StartsWith("EXERCISE EXERCISE EXERCISE ", message.Subject);
            Assert.StartsWith("EXERCISE EXERCISE EXERCISE ", message.Text);
            Assert.Contains(link.ToString(), message.Text);
        }

        Assert.DoesNotContain("EXERCISE", NotificationTexts.Declared(live, link).Subject);
    }
}
