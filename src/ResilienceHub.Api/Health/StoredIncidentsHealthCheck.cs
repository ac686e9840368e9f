using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Health;

/// <summary>
/// Degraded while a stored incident's schedule cannot be read (a row written before today's checks): every answer
/// leaves such an incident out rather than fail, so this is where an operator learns of it.
/// </summary>
internal sealed class StoredIncidentsHealthCheck(IDbContextFactory<ResilienceDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unreadable = (await IncidentQueries.Newest(db).ToListAsync(cancellationToken))
            .Select(i => (i.Id, i.Reference, Problems: i.ScheduleProblems))
            .Where(i => i.Problems.Count > 0)
            .ToList();
        return unreadable.Count == 0
            ? HealthCheckResult.Healthy("Every stored incident's schedule reads.")
            : new HealthCheckResult(context.Registration.FailureStatus, "Left out of every answer until repaired: " + string.Join("; ",
                unreadable.Select(i => $"incident {i.Id} ({i.Reference}): {string.Join(", ", i.Problems.Select(p => p.Code).Distinct())}")));
    }
}
