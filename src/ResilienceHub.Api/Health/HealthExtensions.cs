using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResilienceHub.Api.Health;

public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ReadyTag = "ready";

    /// <summary>The checks behind <c>/health/ready</c>; <c>/health/live</c> runs none.</summary>
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            // A timeout, because SQL Server's retrying execution strategy would otherwise hold a probe for its whole retry budget.
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(10))
            .AddCheck<StoredIncidentsHealthCheck>("incidents", HealthStatus.Degraded, tags: [ReadyTag], timeout: TimeSpan.FromSeconds(10))
            // Says which channels send, or that none does: a deployment may choose to send nothing.
            .AddCheck<Features.Notifications.NotificationsHealthCheck>("notifications", HealthStatus.Degraded, tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return endpoints;
    }
}
