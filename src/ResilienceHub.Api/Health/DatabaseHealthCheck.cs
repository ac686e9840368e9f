using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Health;

/// <summary>Ready when the database can be reached and has no pending migrations.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ResilienceDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return new HealthCheckResult(failure, "The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("The database is reachable and migrated.")
                : new HealthCheckResult(failure, $"{pending} migration(s) pending.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception goes to the health-check log, not to the response.
            return new HealthCheckResult(failure, "The database could not be queried.", exception);
        }
    }
}
