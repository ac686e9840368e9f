using System.Net;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>No instant or schedule a director can send, and no row already stored, breaks a read for anyone.</summary>
public sealed class BadInstantProbes
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("1999-12-31")]
    public async Task AWindowOutsideTheSupportedYearsIsRefusedNamingTheFieldAndNothingIsStored(string date)
    {
        await using var api = new ApiFactory();
        using var director = api.CreateClient();
        var input = IncidentMutationsClient.StrikeInput(await director.GroupIdAsync());
        input.Windows()[1] = IncidentMutationsClient.Window(date, "08:00", "17:00");

        var response = await director.PostGraphQLAsync("mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { errors { code } } }", new { input });

        Assert.Equal(["INVALID_VALUE"], response.ErrorCodes);
        Assert.Contains("2000-01-01 to 2099-12-31", (string?)response.Errors![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(["windows", "1", "date"], response.Errors[0]!["extensions"]!["field"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(0, await director.IncidentCountAsync());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task AnAsOfOutsideTheSupportedYearsIsAnInvalidValueNotAnInternalError(string asOf)
    {
        await using var api = new ApiFactory(demo: true);
        using var viewer = api.CreateClient("VIEWER");

        var response = await viewer.PostGraphQLAsync("query($asOf: DateTime) { incidents { dashboard(asOf: $asOf) { asOf } } }", new { asOf });

        Assert.Equal(["INVALID_VALUE"], response.ErrorCodes);
    }

    [Fact]
    public async Task ASchedulesSizeIsBoundedInWindowsAndInPeriods()
    {
        await using var api = new ApiFactory();
        using var director = api.CreateClient();
        var groupId = await director.GroupIdAsync();
        var tooManyWindows = IncidentMutationsClient.StrikeInput(groupId);
        tooManyWindows["windows"] = Enumerable.Range(0, 1400).Select(d => IncidentMutationsClient.Window($"{new DateOnly(2030, 1, 1).AddDays(d):yyyy-MM-dd}", "00:00", "23:55")).ToList();
        var tooManyPeriods = IncidentMutationsClient.StrikeInput(groupId, "EVERY-FIVE-MINUTES");
        (tooManyPeriods["cadenceMinutes"], tooManyPeriods["graceMinutes"]) = (5, 2);
        tooManyPeriods["windows"] = Enumerable.Range(0, 9).Select(d => IncidentMutationsClient.Window($"{new DateOnly(2030, 1, 1).AddDays(d):yyyy-MM-dd}", "00:00", "23:55")).ToList();

        var windows = await director.DeclareAsync(tooManyWindows);
        var periods = await director.DeclareAsync(tooManyPeriods);

        Assert.Equal(["TOO_MANY_WINDOWS"], windows["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(["TOO_MANY_PERIODS"], periods["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Contains("2592 report times; at most 2400", (string?)periods["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(0, await director.IncidentCountAsync());
    }

    [Fact]
    public async Task AStoredIncidentWhoseScheduleNoLongerReadsIsLeftOutOfAnswersAndNamedByTheReadinessCheck()
    {
        await using var scenario = await Scenario.StartAsync();
        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            // As a declaration stored before windows were bounded left it.
            var broken = new Incident
            {
                Reference = "POISON", Title = "Stored before the checks", Kind = "OTHER", GroupId = await db.ResilienceGroups.Select(g => g.Id).FirstAsync(Cancellation),
                TimeZone = "Europe/London", CadenceMinutes = 60, GraceMinutes = 15, DeclaredAt = Scenario.FirstPeriod, DeclaredBy = "test",
                Windows = [new() { Date = new DateOnly(9999, 12, 31), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(23, 0) }],
            };
            db.Incidents.Add(broken);
            await db.SaveChangesAsync(Cancellation);
        }

        using var viewer = scenario.Api.CreateClient("VIEWER");
        var incidents = await viewer.QueryAsync("{ incidents { reference status } }");
        using var ready = await viewer.GetAsync("/health/ready", Cancellation);

        Assert.Equal([Scenario.Reference], incidents["incidents"]!.AsArray().Select(i => (string?)i!["reference"]));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\":\"Degraded\"", await ready.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }
}
