using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>Values have a ceiling, totals cannot wrap, and a running total for the day cannot fall.</summary>
public sealed class NumberProbes
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private const string Totals = "query($id: ID!) { incident(id: $id) { dashboard { systemOpelLevel totals { measure { code } value incidentToDate } } } }";

    [Fact]
    public async Task AValueAboveTheMeasuresCeilingIsRefusedAndNothingIsStored()
    {
        await using var scenario = await Scenario.StartAsync();
        var input = scenario.AcuteReturn(Scenario.FirstPeriod);
        input["measures"]![4]!["value"] = int.MaxValue;

        var errors = (await scenario.Client.QueryAsync(Submit, new { input }))["submitSitrep"]!["errors"]!.AsArray();

        var error = Assert.Single(errors);
        Assert.Equal("VALUE_TOO_LARGE", (string?)error!["code"]);
        Assert.Contains("more than the 100000 this measure accepts", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(0, await scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
    }

    [Fact]
    public async Task TotalsOfStoredValuesBeyondIntAreAnErrorOfThatFieldNeverAWrappedNumber()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 27, 8, 30, 0, TimeSpan.Zero));
        foreach (var day in new[] { Scenario.FirstPeriod, Scenario.FirstPeriod.AddDays(1) })
        {
            Assert.Empty((await scenario.Client.QueryAsync(Submit, new { input = scenario.AcuteReturn(day) }))["submitSitrep"]!["errors"]!.AsArray());
        }

        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            // Values stored before there was a ceiling: each day's postponements at Int's largest, twice over the incident.
            var postponed = await db.Measures.Where(m => m.Code == "ELECTIVE_OPS_POSTPONED").Select(m => m.Id).SingleAsync(Cancellation);
            await db.SitrepValues.Where(v => v.MeasureId == postponed).ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, int.MaxValue), Cancellation);
        }

        var response = await scenario.Client.PostGraphQLAsync(Totals, new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(["TOTAL_OUT_OF_RANGE"], response.ErrorCodes);
        Assert.Equal("incidentToDate", (string?)response.Errors![0]!["path"]!.AsArray()[^1]);
        // The rest of the dashboard still answers: the day's own total fits, and nothing wrapped.
        Assert.Equal(2, (int?)response.Data!["incident"]!["dashboard"]!["systemOpelLevel"]);
    }

    [Fact]
    public async Task ARunningTotalForTheDayLowerThanTheEarlierReturnIsRefusedNamingTheReturnToAmend()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 9, 30, 0, TimeSpan.Zero));
        var first = (string)(await scenario.Client.QueryAsync(Submit, new { input = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!["id"]!;
        var lower = scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1));
        var postponed = lower["measures"]!.AsArray().Single(m => (string?)m!["code"] == "ELECTIVE_OPS_POSTPONED")!;
        postponed["value"] = 5;

        var errors = (await scenario.Client.QueryAsync(Submit, new { input = lower }))["submitSitrep"]!["errors"]!.AsArray();

        var error = Assert.Single(errors);
        Assert.Equal("RUNNING_TOTAL_DECREASES", (string?)error!["code"]);
        Assert.Contains($"less than the 12 already reported for 08:00 (return {first})", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("amend that return first", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(1, await scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
    }

    [Fact]
    public async Task AnAmendmentMayNotLiftAnEarlierReturnsRunningTotalAboveALaterOnesOfTheSameDay()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 9, 30, 0, TimeSpan.Zero));
        var first = (string)(await scenario.Client.QueryAsync(Submit, new { input = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!["id"]!;
        Assert.Empty((await scenario.Client.QueryAsync(Submit, new { input = scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1)) }))["submitSitrep"]!["errors"]!.AsArray());
        var amendment = Amendment(first, 1);
        amendment["measures"]!.AsArray().Single(m => (string?)m!["code"] == "ELECTIVE_OPS_POSTPONED")!["value"] = 20;

        var errors = (await scenario.Client.QueryAsync(Amend, new { input = amendment }))["amendSitrep"]!["errors"]!.AsArray();

        Assert.Equal("RUNNING_TOTAL_DECREASES", (string?)Assert.Single(errors)!["code"]);
        Assert.Contains("more than the 12 already reported for 09:00 later that day", (string?)errors[0]!["message"], StringComparison.Ordinal);
    }
}
