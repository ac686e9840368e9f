using System.Text.Json;
using StackExchange.Redis;

namespace ResilienceHub.Api.Features.Live;

/// <summary>
/// The bus across instances: every instance publishes to one Redis channel and hands what it
/// hears to its own subscribers. While Redis is away nothing is delivered (the health check says
/// Degraded) and writes go on; the connection and its subscription come back by themselves.
/// </summary>
public sealed partial class RedisIncidentEvents(IConnectionMultiplexer redis, IncidentEventHub hub, ILogger<RedisIncidentEvents> logger)
    : IIncidentEvents, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("resiliencehub:incident-changed");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _subscribed;

    public async Task PublishAsync(IncidentChange change)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(change, Json));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, exception, change.IncidentId, change.Subject, change.Id, change.Version);
        }
    }

    public IObservable<IncidentChange> Changes(int incidentId, ChangeSubjects subjects) => hub.Changes(incidentId, subjects);

    public IObservable<IncidentNow> Now(int incidentId, ChangeSubjects subjects, TimeSpan interval) => hub.Now(incidentId, subjects, interval);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Redis may be down at start; the subscription is then made when the connection comes up.
        redis.ConnectionRestored += async (_, _) => await SubscribeAsync();
        await SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        if (Interlocked.CompareExchange(ref _subscribed, 1, 0) != 0)
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
            LogSubscribeFailed(logger, exception);
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            if (JsonSerializer.Deserialize<IncidentChange>(message.ToString(), Json) is { } change)
            {
                hub.Deliver(change);
            }
        }
        catch (JsonException exception)
        {
            LogUnreadable(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live update for incident {IncidentId} ({Subject} {Id} version {Version}) not published: Redis is unavailable")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int incidentId, ChangeSubjects subject, int id, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to live updates in Redis; retrying when the connection is restored")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable live update arrived from Redis and was dropped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
