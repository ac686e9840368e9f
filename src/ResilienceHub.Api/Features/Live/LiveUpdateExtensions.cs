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

    /// <summary>WebSockets one identity may hold open at once (a director with several screens, say); more are closed with 1013.</summary>
    [Range(1, 10_000, ErrorMessage = "LiveUpdates:MaxConnectionsPerIdentity must be between {1} and {2}.")]
    public int MaxConnectionsPerIdentity { get; set; } = 16;

    /// <summary>Operations (live subscriptions, mostly) one identity may run at once across its sockets; more get TOO_MANY_OPERATIONS.</summary>
    [Range(1, 100_000, ErrorMessage = "LiveUpdates:MaxOperationsPerIdentity must be between {1} and {2}.")]
    public int MaxOperationsPerIdentity { get; set; } = 200;

    /// <summary>A socket with nothing running for this long is closed (1000); a graphql-ws client opens a new one when it next needs one.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "LiveUpdates:IdleTimeout must be between {1} and {2}.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server pings a socket at the WebSocket level; one that does not answer within as long again is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "LiveUpdates:KeepAliveInterval must be between {1} and {2}.")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}

public static class LiveUpdateExtensions
{
    public const string RedisConnectionName = "Redis";

    /// <summary>
    /// WebSockets with a keep-alive: the server pings every <see cref="LiveUpdateOptions.KeepAliveInterval"/> and drops a
    /// socket whose client has not answered within as long again, so a vanished client does not hold its slot.
    /// </summary>
    public static IApplicationBuilder UseLiveUpdateSockets(this IApplicationBuilder app)
    {
        var live = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveUpdateOptions>>().Value;
        return app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = live.KeepAliveInterval, KeepAliveTimeout = live.KeepAliveInterval });
    }

    /// <summary>
    /// The live-update bus, with two channels (changes of an incident; reference data changed): in-process, or through
    /// Redis when <c>ConnectionStrings:Redis</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<LiveUpdateOptions>(LiveUpdateOptions.Section);
        services.AddSingleton<IncidentEventHub>();

        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IIncidentEvents, InProcessIncidentEvents>();
            services.AddSingleton<IReferenceDataEvents, InProcessReferenceDataEvents>();
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
        services.AddSingleton<RedisIncidentEvents>();
        services.AddSingleton<IIncidentEvents>(sp => sp.GetRequiredService<RedisIncidentEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisIncidentEvents>());
        services.AddSingleton<RedisReferenceDataEvents>();
        services.AddSingleton<IReferenceDataEvents>(sp => sp.GetRequiredService<RedisReferenceDataEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisReferenceDataEvents>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis",
            HealthStatus.Degraded, tags: [HealthExtensions.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }
}
