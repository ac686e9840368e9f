using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Observability;

public class ResilienceMetricsTests
{
    [Fact]
    public async Task AReturnReceivedMovesTheCounterTaggedWithTheOrganisationTypeAndTimeliness()
    {
        await using var api = new ApiFactory();
        var metrics = api.Services.GetRequiredService<ResilienceMetrics>();
        using var received = new MetricCollector<long>(
            api.Services.GetRequiredService<IMeterFactory>(), ResilienceMetrics.MeterName, "resiliencehub.returns.received");

        metrics.ReturnReceived(OrganisationType.AcuteTrust, late: false);
        metrics.ReturnReceived(OrganisationType.Nhs111, late: true);

        Assert.Equal(
            ["1 acute_trust on_time", "1 nhs_111 late"],
            received.GetMeasurementSnapshot().Select(m => $"{m.Value} {m.Tags["organisation.type"]} {m.Tags["timeliness"]}"));
    }

    [Fact]
    public void TheOverdueGaugeReportsNothingUntilTheDashboardHandsOverItsCounts()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<ResilienceMetrics>().BuildServiceProvider();
        var metrics = services.GetRequiredService<ResilienceMetrics>();
        using var overdue = new MetricCollector<long>(
            services.GetRequiredService<IMeterFactory>(), ResilienceMetrics.MeterName, "resiliencehub.returns.overdue");

        overdue.RecordObservableInstruments();
        Assert.Empty(overdue.GetMeasurementSnapshot());

        metrics.ReportOverdueReturnsFrom(() => [new("NCSRG-STRIKE-2016", 3)]);
        overdue.RecordObservableInstruments();

        var measurement = Assert.Single(overdue.GetMeasurementSnapshot());
        Assert.Equal(3, measurement.Value);
        Assert.Equal("NCSRG-STRIKE-2016", measurement.Tags["incident.reference"]);
    }

    [Fact]
    public void EachOneLineRecordingMovesItsOwnInstrument()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<ResilienceMetrics>().BuildServiceProvider();
        var metrics = services.GetRequiredService<ResilienceMetrics>();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var amended = new MetricCollector<long>(meters, ResilienceMetrics.MeterName, "resiliencehub.returns.amended");
        using var refused = new MetricCollector<long>(meters, ResilienceMetrics.MeterName, "resiliencehub.validation.refusals");
        using var dashboard = new MetricCollector<double>(meters, ResilienceMetrics.MeterName, "resiliencehub.dashboard.duration");
        using var subscribers = new MetricCollector<long>(meters, ResilienceMetrics.MeterName, "resiliencehub.subscribers.live");

        metrics.ReturnAmended(OrganisationType.AmbulanceTrust);
        metrics.ValidationRefused("MEASURE_OVER_BOUND");
        metrics.DashboardComputed(TimeSpan.FromMilliseconds(125));
        metrics.SubscriberConnected();
        metrics.SubscriberConnected();
        metrics.SubscriberDisconnected();

        Assert.Equal("ambulance_trust", Assert.Single(amended.GetMeasurementSnapshot()).Tags["organisation.type"]);
        Assert.Equal("MEASURE_OVER_BOUND", Assert.Single(refused.GetMeasurementSnapshot()).Tags["error.code"]);
        Assert.Equal(0.125, Assert.Single(dashboard.GetMeasurementSnapshot()).Value, precision: 6);
        Assert.Equal(1, subscribers.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
