using System.Net;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Observability;

public class OtlpExportTests
{
    [Fact]
    public async Task WithAnOtlpEndpointSetTracesMetricsAndLogsArriveThereOverHttpProtobuf()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var collector = await FakeOtlpCollector.StartAsync(cancellation);
        await using var api = new ApiFactory()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            // Export within a fraction of a second instead of the standard 5 s (spans, logs) and 60 s (metrics).
            .With("OTEL_BSP_SCHEDULE_DELAY", "100")
            .With("OTEL_BLRP_SCHEDULE_DELAY", "100")
            .With("OTEL_METRIC_EXPORT_INTERVAL", "250");
        using var client = api.CreateClient();

        var response = await client.GetAsync("/health/ready", cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        string[] signals = ["traces", "metrics", "logs"];
        var arrived = await Eventually.FindAsync(() => signals.All(s => collector.RequestsFor(s) > 0) ? signals : null);
        Assert.True(
            arrived is not null,
            "OTLP requests seen: " + string.Join(", ", signals.Select(s => $"{s} {collector.RequestsFor(s)}")));
    }
}
