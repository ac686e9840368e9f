using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public sealed class SqliteIncidentQueryTests(DemoApi api) : IncidentQueryTests(api), IClassFixture<DemoApi>;

public sealed class SqlServerIncidentQueryTests(SqlServerDemoApi api) : IncidentQueryTests(api), IClassFixture<SqlServerDemoApi>;

/// <summary>Runs against both providers: SQLite here, SQL Server where Docker answers.</summary>
public abstract class IncidentQueryTests(DemoApi api)
{
    [Fact]
    public async Task TheDemoIncidentHasItsScheduleAndTwentyPeriodsInBritishSummerTime()
    {
        var data = await api.Client.QueryAsync("""
            { incidents { id reference status
                schedule { timeZone cadenceMinutes graceMinutes windows { date firstReportAt lastReportAt } }
                periods { startsAt endsAt dueAt }
                participants { odsCode }
                group { code } } }
            """);

        var incident = Assert.Single(data["incidents"]!.AsArray())!;
        Assert.Equal("NCSRG-2016-04-JDIA", (string?)incident["reference"]);
        Assert.Equal("NCSRG", (string?)incident["group"]!["code"]);
        Assert.Equal("Europe/London", (string?)incident["schedule"]!["timeZone"]);
        Assert.Equal(60, (int)incident["schedule"]!["cadenceMinutes"]!);
        var windows = incident["schedule"]!["windows"]!.AsArray();
        Assert.Equal(["2016-04-26", "2016-04-27"], windows.Select(w => (string?)w!["date"]));
        Assert.All(windows, w => Assert.Equal(("08:00", "17:00"), ((string?)w!["firstReportAt"], (string?)w["lastReportAt"])));

        var periods = incident["periods"]!.AsArray();
        Assert.Equal(20, periods.Count);
        Assert.Equal("2016-04-26T07:00:00Z", (string?)periods[0]!["startsAt"]);
        Assert.Equal("2016-04-26T08:00:00Z", (string?)periods[0]!["endsAt"]);
        Assert.Equal("2016-04-26T07:15:00Z", (string?)periods[0]!["dueAt"]);
        Assert.Equal("2016-04-27T16:00:00Z", (string?)periods[^1]!["startsAt"]);
        Assert.Equal(7, incident["participants"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheStatusOfTheDemoIncidentFollowsTheClock()
    {
        // The fake clock stands at 07:30Z on 26 April 2016, inside the first window; the demo was stood down on the 27th.
        var data = await api.Client.QueryAsync("{ incidents { status stoodDownAt } active: incidents(status: ACTIVE) { id } stood: incidents(status: STOOD_DOWN) { id } }");

        Assert.Equal("ACTIVE", (string?)data["incidents"]![0]!["status"]);
        Assert.Single(data["active"]!.AsArray());
        Assert.Empty(data["stood"]!.AsArray());
    }

    [Fact]
    public async Task AnUnknownIncidentIsNull()
    {
        var data = await api.Client.QueryAsync("""{ incident(id: "4242") { id } }""");

        Assert.Null(data["incident"]);
    }
}
