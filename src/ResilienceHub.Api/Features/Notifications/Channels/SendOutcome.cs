namespace ResilienceHub.Api.Features.Notifications.Channels;

/// <summary>What one attempt came to: sent; to be tried again (after the provider's Retry-After, if it gave one); or failed for good.</summary>
public abstract record SendOutcome
{
    public sealed record Sent : SendOutcome;

    public sealed record Retry(string Error, TimeSpan? After = null) : SendOutcome;

    public sealed record Failed(string Error) : SendOutcome;

    /// <summary>An HTTP provider's answer: throttled or its own fault, again later; anything else it refused, never again.</summary>
    public static SendOutcome OfStatus(int status, string error, TimeSpan? retryAfter) => status switch
    {
        >= 200 and < 300 => new Sent(),
        429 or 408 or >= 500 => new Retry(error, retryAfter),
        _ => new Failed(error),
    };
}

/// <summary>One way of delivering a notification.</summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }

    Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken);
}
