namespace ResilienceHub.Api.Features.Notifications;

/// <summary>What a contact can be told about; each notification has one.</summary>
public enum NotificationTopic
{
    ReturnOverdue,
    Opel4,
    CriticalIncident,
    SystemOpelRaised,
    SupportRequested,
    ActionDue,
    IncidentDeclared,
    IncidentStoodDown,
}

public enum NotificationChannel
{
    Email,
    Sms,
    Webhook,
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Delivered,
    Failed,
}

public static class ContactLimits
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 320;

    /// <summary>E.164: a plus and at most 15 digits.</summary>
    public const int MobileMaxLength = 16;

    public const int TopicsMaxLength = 300;
}

/// <summary>Someone of an organisation or a group to be told, by e-mail and/or text, about the topics they chose.</summary>
public sealed class Contact
{
    public int Id { get; set; }

    /// <summary>The organisation it is a contact of; exactly one of this and <see cref="GroupId"/>.</summary>
    public int? OrganisationId { get; set; }

    public int? GroupId { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    /// <summary>A UK mobile number in E.164 (+447…).</summary>
    public string? Mobile { get; set; }

    /// <summary>The topics, comma-separated, in the enum's order (see <see cref="ContactRules.ReadTopics"/>).</summary>
    public required string Topics { get; set; }

    public DateTime ChangedAt { get; set; }

    public required string ChangedBy { get; set; }
}

public sealed record ContactView(int Id, int? OrganisationId, int? GroupId, string Name, string? Email, string? Mobile, IReadOnlyList<NotificationTopic> Topics);

public sealed record SaveContactInput(
    string? Id, string? OrganisationId, string? GroupId, string Name, string? Email, string? Mobile, IReadOnlyList<NotificationTopic> Topics);

public sealed record ContactResult(ContactView? Contact, IReadOnlyList<ResilienceHub.Api.GraphQL.UserError> Errors);
