using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Notifications.Channels;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>
/// Delivers the outbox. Each instance claims a notification by a conditional update of its lease (its token and an
/// expiry), so of several instances exactly one holds it; a sender that dies loses its claims when they expire. Every
/// attempt is recorded on the row, under the claim; a retry waits a backoff, or the provider's Retry-After.
/// </summary>
public sealed partial class NotificationSender(
    IDbContextFactory<ResilienceDbContext> contexts,
    IEnumerable<INotificationChannel> channels,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ResilienceMetrics metrics,
    ILogger<NotificationSender> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendsAnything)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away is a delay, never a loss: the rows wait for the next round.
                LogRoundFailed(logger, exception);
            }

            // Wall-clock polling: the schedule's decisions read the injected clock, the cadence of looking does not.
            await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Claims what is due and sends it; how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.Notifications.AsNoTracking()
            .Where(n => n.Status == DeliveryStatus.Pending && n.NextAttemptAt <= now && (n.LeaseUntil == null || n.LeaseUntil < now))
            .OrderBy(n => n.Id).Select(n => n.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var token = Guid.NewGuid().ToString("N");
        var claimed = 0;
        foreach (var id in candidates)
        {
            // Only a row nobody holds matches: of two instances racing for it, one changes it.
            var won = await db.Notifications
                .Where(n => n.Id == id && n.Status == DeliveryStatus.Pending && (n.LeaseUntil == null || n.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseToken, token).SetProperty(n => n.LeaseUntil, now + settings.Lease), cancellationToken);
            if (won == 0)
            {
                continue;
            }

            claimed++;
            var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id, cancellationToken);
            await DeliverAsync(db, notification, token, cancellationToken);
        }

        return claimed;
    }

    private async Task DeliverAsync(ResilienceDbContext db, Notification notification, string token, CancellationToken cancellationToken)
    {
        var topic = TopicNames.ToGraphQL(notification.Topic);
        var channelName = notification.Channel.ToString().ToUpperInvariant();
        using var activity = ResilienceTelemetry.ActivitySource.StartActivity("notification send", ActivityKind.Client);
        activity?.SetTag("resiliencehub.notification.id", notification.Id);
        activity?.SetTag("resiliencehub.notification.topic", topic);
        activity?.SetTag("resiliencehub.notification.channel", channelName);
        activity?.SetTag("resiliencehub.notification.attempt", notification.Attempts + 1);

        SendOutcome outcome;
        try
        {
            outcome = channels.FirstOrDefault(c => c.Channel == notification.Channel) is { } channel
                ? await channel.SendAsync(notification, cancellationToken)
                : new SendOutcome.Failed($"No {channelName} channel is configured.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A fault of ours or the client's: recorded and tried again, never thrown at the loop.
            outcome = new SendOutcome.Retry($"{exception.GetType().Name}: {exception.Message}");
        }

        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = notification.Attempts + 1;
        var (status, error, next) = outcome switch
        {
            SendOutcome.Sent => (DeliveryStatus.Sent, (string?)null, now),
            SendOutcome.Retry retry when attempts < settings.MaxAttempts => (DeliveryStatus.Pending, retry.Error, now + (retry.After ?? Backoff(attempts))),
            SendOutcome.Retry retry => (DeliveryStatus.Failed, $"{retry.Error} (gave up after {attempts} attempts)", now),
            SendOutcome.Failed failed => (DeliveryStatus.Failed, failed.Error, now),
            _ => throw new InvalidOperationException($"An attempt ended in {outcome}, which the sender does not know."),
        };
        var outcomeName = outcome switch { SendOutcome.Sent => "sent", SendOutcome.Retry when status == DeliveryStatus.Pending => "retry", _ => "failed" };
        error = error is { Length: > NotificationLimits.LastErrorMaxLength } ? error[..NotificationLimits.LastErrorMaxLength] : error;
        // Under the claim: a sender whose lease ran out and was taken over records nothing over the new holder's.
        await db.Notifications.Where(n => n.Id == notification.Id && n.LeaseToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, status)
            .SetProperty(n => n.Attempts, attempts)
            .SetProperty(n => n.LastError, error)
            .SetProperty(n => n.SentAt, status == DeliveryStatus.Sent ? now : null)
            .SetProperty(n => n.NextAttemptAt, next)
            .SetProperty(n => n.LeaseToken, (string?)null)
            .SetProperty(n => n.LeaseUntil, (DateTime?)null), CancellationToken.None);

        metrics.NotificationAttempted(topic, channelName, outcomeName);
        activity?.SetTag("resiliencehub.notification.outcome", outcomeName);
        if (status != DeliveryStatus.Sent)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        var masked = ContactRules.Mask(notification.Recipient);
        LogAttempt(logger, notification.Id, topic, channelName, masked, outcomeName, attempts, error);
    }

    /// <summary>30 s, 1, 2, 4 … minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, attempts - 1)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Topic}, {Channel}) to {Recipient}: {Outcome} at attempt {Attempt} {Error}")]
    private static partial void LogAttempt(ILogger logger, long notificationId, string topic, string channel, string recipient, string outcome, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of sending notifications failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
