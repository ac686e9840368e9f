using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilienceHub.Api.Health;
using StackExchange.Redis;

namespace ResilienceHub.Api.Features.Live;

public sealed class LiveUpdateOptions
{
    public const string Section = "LiveUpdates";

    /// <summary>dashboardChanged sends at most one dashboard per this interval, however many returns arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "LiveUpdates:DashboardInterval must be between {1} and {2}.")]
    public TimeSpan DashboardInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

public static class LiveUpdateExtensions
{
    public const string RedisConnectionName = "Redis";

    /// <summary>The live-update bus: in-process, or through Redis when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<LiveUpdateOptions>(LiveUpdateOptions.Section);
        services.AddSingleton<SitrepEventHub>();

        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ISitrepEvents, InProcessSitrepEvents>();
            return builder;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            // Start and keep running without Redis; reconnect by itself.
            options.AbortOnConnectFail = false;
            // While disconnected a publish fails at once instead of holding the write that triggered it.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ReconnectRetryPolicy ??= new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 5000);
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<RedisSitrepEvents>();
        services.AddSingleton<ISitrepEvents>(sp => sp.GetRequiredService<RedisSitrepEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisSitrepEvents>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis",
            HealthStatus.Degraded, tags: [HealthExtensions.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }
}
