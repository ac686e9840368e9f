using ResilienceHub.Api.Features.Incidents;
using static ResilienceHub.Api.Tests.Features.Incidents.TestSchedules;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class IncidentStatusRulesTests
{
    private static readonly ReportingSchedule Schedule = Strike();

    [Fact]
    public void AnIncidentIsPlannedUntilItsFirstPeriodOpensAndActiveFromThen()
    {
        // The first period (07:00Z) opens at 06:45Z on 26 April 2016.
        var opens = Utc(2016, 4, 26, 6, 45);

        Assert.Equal(IncidentStatus.Planned, IncidentStatusRules.StatusAt(Schedule, null, opens.AddSeconds(-1)));
        Assert.Equal(IncidentStatus.Active, IncidentStatusRules.StatusAt(Schedule, null, opens));
        Assert.Equal(IncidentStatus.Active, IncidentStatusRules.StatusAt(Schedule, null, opens.AddDays(3)));
    }

    [Fact]
    public void AnIncidentIsStoodDownFromTheMomentItIsStoodDown()
    {
        var stoodDownAt = Utc(2016, 4, 27, 17);

        Assert.Equal(IncidentStatus.StoodDown, IncidentStatusRules.StatusAt(Schedule, stoodDownAt, stoodDownAt));
        Assert.Equal(IncidentStatus.Active, IncidentStatusRules.StatusAt(Schedule, stoodDownAt, stoodDownAt.AddTicks(-1)));
    }

    [Fact]
    public void AnIncidentStoodDownBeforeItsFirstPeriodIsStoodDown()
    {
        var stoodDownAt = Utc(2016, 4, 25, 12);

        Assert.Equal(IncidentStatus.Planned, IncidentStatusRules.StatusAt(Schedule, stoodDownAt, Utc(2016, 4, 25, 11)));
        Assert.Equal(IncidentStatus.StoodDown, IncidentStatusRules.StatusAt(Schedule, stoodDownAt, Utc(2016, 4, 26, 9)));
    }
}
