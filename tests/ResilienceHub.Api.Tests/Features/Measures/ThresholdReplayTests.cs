using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.Measures;

/// <summary>Thresholds changed in the middle of an incident: the dashboard at asOf raises alerts by the revision in force then.</summary>
public sealed class ThresholdReplayTests : IAsyncLifetime
{
    private const string Alerts = "query($id: ID!, $asOf: DateTime) { incident(id: $id) { dashboard(asOf: $asOf) { alerts { severity kind message } } } }";

    private Scenario _scenario = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 7, 5, 0, TimeSpan.Zero));
        _admin = Admin(_scenario.Api, "*");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _scenario.DisposeAsync();
    }

    [Fact]
    public async Task ADashboardBeforeAThresholdChangedShowsTheOldAlertAndAfterItTheNewOne()
    {
        // The 07:00Z return: 8 patients over 4 hours (warning above 15 in the seeds), 1 over 12 hours (warning above 0).
        var sent = (await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;
        Assert.Empty(sent["errors"]!.AsArray());
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(25));
        var before = _scenario.Api.Time.GetUtcNow().UtcDateTime;
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(5));

        // At 07:35Z the 4-hour thresholds come down and the 12-hour ones go up.
        var fourHours = await _admin.MeasureInputAsync("ED_PATIENTS_OVER_4H", "Lowered: the department is full");
        (fourHours["warningAbove"], fourHours["criticalAbove"]) = (5, 20);
        await _admin.SavedAsync(SaveMeasure, fourHours);
        var twelveHours = await _admin.MeasureInputAsync("ED_PATIENTS_OVER_12H", "Raised: one long wait is expected during the strike");
        (twelveHours["warningAbove"], twelveHours["criticalAbove"]) = (2, 5);
        await _admin.SavedAsync(SaveMeasure, twelveHours);

        var replayed = await ThresholdAlertsAsync(before);
        var now = await ThresholdAlertsAsync(null);

        Assert.Equal([("WARNING", "Patients in A&E for more than 12 hours now")], replayed);
        Assert.Equal([("WARNING", "Patients in A&E for more than 4 hours now")], now);
        // The replay is the same however often it is asked, and once the change is in the past.
        _scenario.Api.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(replayed, await ThresholdAlertsAsync(before));
    }

    private async Task<List<(string?, string)>> ThresholdAlertsAsync(DateTime? asOf)
    {
        var data = await _scenario.Client.QueryAsync(Alerts, new
        {
            id = _scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            asOf = asOf?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
        return [.. data["incident"]!["dashboard"]!["alerts"]!.AsArray()
            .Where(a => (string?)a!["kind"] == "THRESHOLD")
            .Select(a => ((string?)a!["severity"], Measure((string)a!["message"]!)))
            .Where(a => a.Item2.StartsWith("Patients in A&E", StringComparison.Ordinal))];
    }

    // "North Cumbria …: Patients in A&E for more than 4 hours now is 8 patients, above …": the measure's name.
    private static string Measure(string message) => message.Split(": ", 2)[1].Split(" is ", 2)[0];
}
