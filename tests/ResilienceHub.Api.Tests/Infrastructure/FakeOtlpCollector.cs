using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// A stand-in OpenTelemetry collector for OTLP over HTTP: Kestrel on a free loopback port that counts the
/// requests posted to each signal's path (/v1/traces, /v1/metrics, /v1/logs) and answers with success.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> requests = new(StringComparer.Ordinal);

    private FakeOtlpCollector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/v1/{signal}", (string signal) =>
        {
            requests.AddOrUpdate(signal, 1, (_, count) => count + 1);
            // An empty Export*ServiceResponse: full success.
            return Results.Bytes([], "application/x-protobuf");
        });
    }

    /// <summary>The base address, as OTEL_EXPORTER_OTLP_ENDPOINT takes it.</summary>
    public string Endpoint => app.Urls.Single();

    public static async Task<FakeOtlpCollector> StartAsync(CancellationToken cancellationToken)
    {
        var collector = new FakeOtlpCollector();
        await collector.app.StartAsync(cancellationToken);
        return collector;
    }

    public int RequestsFor(string signal) => requests.GetValueOrDefault(signal);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
