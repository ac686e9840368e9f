namespace ResilienceHub.Api.Features.Notifications;

public static class NotificationLimits
{
    public const int RecipientMaxLength = 320;
    public const int SubjectMaxLength = 300;
    public const int BodyMaxLength = 2000;
    public const int LinkMaxLength = 500;
    public const int CauseKeyMaxLength = 200;
    public const int LastErrorMaxLength = 1000;
}

/// <summary>
/// One message to one recipient over one channel: the outbox row written with its cause, and the record of its
/// delivery. Unique by cause, channel and recipient, so a cause is never sent twice to the same place.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }

    public int IncidentId { get; set; }

    public Incidents.Incident? Incident { get; set; }

    public NotificationTopic Topic { get; set; }

    public NotificationChannel Channel { get; set; }

    /// <summary>An e-mail address, an E.164 mobile number, or <c>webhook:</c> and the webhook's index in the settings.</summary>
    public required string Recipient { get; set; }

    /// <summary>What caused it, e.g. <c>RETURN_OVERDUE:1:7:2016-04-26T09:00Z</c>: the scheduler's idempotent decision.</summary>
    public required string CauseKey { get; set; }

    public string? Subject { get; set; }

    public required string Body { get; set; }

    public string? Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Not to be tried before this (a backoff, or the provider's Retry-After).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The claim of the sender holding it, until <see cref="LeaseUntil"/>; another sender takes it only after.</summary>
    public string? LeaseToken { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

public sealed record NotificationView(
    long Id, NotificationTopic Topic, NotificationChannel Channel, string Recipient, string? Subject, string Body, DateTime CreatedAt,
    DeliveryStatus Status, int Attempts, string? LastError, DateTime? SentAt);
