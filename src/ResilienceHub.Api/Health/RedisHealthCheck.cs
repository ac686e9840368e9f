using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ResilienceHub.Api.Health;

/// <summary>Redis carries live updates only; while it is away the API is Degraded, not down.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("Redis answers; live updates reach every instance.");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return new(failure, "Redis cannot be reached: no live updates until it is back.", exception);
        }
    }
}
