using GraphQL.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ResilienceHub.Api.Health;

namespace ResilienceHub.Api.Observability;

public static class ObservabilityExtensions
{
    /// <summary>The standard variable that turns on export; without it nothing leaves the process.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs under <c>service.name</c> resiliencehub-api, exported by OTLP
    /// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other standard OTEL_* variables apply too).
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ResilienceMetrics>();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                ResilienceTelemetry.ServiceName, serviceVersion: ResilienceTelemetry.ServiceVersion))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    // Liveness probes arrive every few seconds and say nothing; readiness keeps its spans for its database work.
                    aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(HealthExtensions.LivePath))
                .AddSource(GraphQLTelemetryProvider.SourceName)
                .AddSqlClientInstrumentation()
                .AddSource(ResilienceTelemetry.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ResilienceMetrics.MeterName));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
