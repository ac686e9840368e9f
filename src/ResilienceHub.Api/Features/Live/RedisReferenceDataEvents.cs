using System.Text.Json;
using ResilienceHub.Api.Features.ReferenceData;
using StackExchange.Redis;

namespace ResilienceHub.Api.Features.Live;

/// <summary>
/// Reference-data changes across instances: one Redis channel beside the incidents' channel, on the same connection.
/// What an instance hears invalidates its copy of the reference data; so does the connection coming back, since
/// events published while it was away are lost.
/// </summary>
public sealed partial class RedisReferenceDataEvents(IConnectionMultiplexer redis, ReferenceDataCache cache, ILogger<RedisReferenceDataEvents> logger)
    : IReferenceDataEvents, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("resiliencehub:reference-data-changed");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _subscribed;

    public async Task PublishAsync(ReferenceDataChanged change)
    {
        // This instance's own copy goes at once, whatever Redis does.
        cache.Invalidate();
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(change, Json));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, exception, change.Kind, change.Code);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += async (_, _) =>
        {
            cache.Invalidate();
            await SubscribeAsync();
        };
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
        // Whatever arrived on this channel, the copy is invalidated: reading afresh is never wrong, only slower.
        cache.Invalidate();
        try
        {
            if (JsonSerializer.Deserialize<ReferenceDataChanged>(message.ToString(), Json) is { } change)
            {
                LogReceived(logger, change.Kind, change.Code);
            }
        }
        catch (JsonException exception)
        {
            LogUnreadable(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reference data change ({Kind} {Code}) not published: Redis is unavailable; other instances read it within a minute")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string kind, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to reference data changes in Redis; retrying when the connection is restored")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reference data changed ({Kind} {Code}): this instance reads it afresh")]
    private static partial void LogReceived(ILogger logger, string kind, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable reference data change arrived from Redis; the reference data is read afresh anyway")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
