using System.ComponentModel.DataAnnotations;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>The <c>Notifications</c> section: when to chase, where links point, and the channels of this deployment.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    /// <summary>How long after a return falls due its organisation's contacts are chased, if it has not arrived.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Notifications:ChaseAfter must be between {1} and {2}.")]
    public TimeSpan ChaseAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An open action's owner is told this long before it falls due.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Notifications:ActionDueWithin must be between {1} and {2}.")]
    public TimeSpan ActionDueWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The screen's address, which every message links to.</summary>
    public Uri? PublicUrl { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public NotifySettings Notify { get; set; } = new();

    public List<WebhookSettings> Webhooks { get; set; } = [];

    /// <summary>How often the sender looks for notifications to send and the scheduler for returns to chase (wall-clock).</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00", ErrorMessage = "Notifications:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a sender's claim on a notification lasts; another instance takes it over after (a sender that died).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Notifications:Lease must be between {1} and {2}.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a notification is given up as FAILED.</summary>
    [Range(1, 50, ErrorMessage = "Notifications:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 8;

    public bool SendsEmail => Smtp.Host is not null || Notify.ApiKey is not null;

    public bool SendsSms => Notify.ApiKey is not null;

    public bool SendsAnything => SendsEmail || SendsSms || Webhooks.Count > 0;

    /// <summary>The channels configured, for the log at start and the readiness check.</summary>
    public string Describe() => SendsAnything
        ? string.Join("; ", new[]
        {
            Smtp.Host is not null ? $"e-mail by SMTP through {Smtp.Host}:{Smtp.Port}" : Notify.ApiKey is not null ? "e-mail by GOV.UK Notify" : null,
            SendsSms ? "texts by GOV.UK Notify" : null,
            Webhooks.Count > 0 ? $"{Webhooks.Count} webhook(s)" : null,
        }.OfType<string>())
        : "no notification channel is configured: nothing is sent";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SendsAnything && PublicUrl is not { IsAbsoluteUri: true })
        {
            yield return new("Notifications:PublicUrl must be the screen's absolute address when a channel is configured: every message links to it.");
        }

        if (Smtp.Host is not null && string.IsNullOrWhiteSpace(Smtp.From))
        {
            yield return new("Notifications:Smtp:From is required with Notifications:Smtp:Host.");
        }

        if (Smtp.Port is < 1 or > 65535)
        {
            yield return new("Notifications:Smtp:Port must be between 1 and 65535.");
        }

        if (Notify.ApiKey is { } key && NotifyKey.Read(key) is null)
        {
            yield return new("Notifications:Notify:ApiKey is not a GOV.UK Notify API key ({name}-{service id}-{secret id}, the two ids UUIDs).");
        }

        foreach (var topic in Notify.Templates.Keys.Where(k => !Enum.TryParse<NotificationTopic>(TopicNames.FromGraphQL(k), out _)))
        {
            yield return new($"Notifications:Notify:Templates:{topic} is not a topic; the topics are {string.Join(", ", Enum.GetValues<NotificationTopic>().Select(TopicNames.ToGraphQL))}.");
        }

        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (hook.Url is not { IsAbsoluteUri: true } url || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                yield return new($"Notifications:Webhooks:{i}:Url must be an https address (http only on this machine's loopback).");
            }

            if (string.IsNullOrEmpty(hook.Secret) || hook.Secret.Length < 16)
            {
                yield return new($"Notifications:Webhooks:{i}:Secret must be at least 16 characters: the receiver checks each signature with it.");
            }

            foreach (var topic in hook.TopicList().Where(t => !Enum.TryParse<NotificationTopic>(TopicNames.FromGraphQL(t), out _)))
            {
                yield return new($"Notifications:Webhooks:{i}:Topics names {topic}, which is not a topic.");
            }
        }
    }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS on connect on port 465, STARTTLS (required) elsewhere; false only for a relay on a trusted network or a local test server.</summary>
    public bool UseTls { get; set; } = true;
}

public sealed class NotifySettings
{
    public string? ApiKey { get; set; }

    public Uri BaseUrl { get; set; } = new("https://api.notifications.service.gov.uk/");

    /// <summary>The template id of each topic (by its GraphQL name, e.g. RETURN_OVERDUE); personalisation: subject, body, link, incident.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? TemplateFor(NotificationTopic topic) => Templates.GetValueOrDefault(TopicNames.ToGraphQL(topic));
}

public sealed class WebhookSettings
{
    public Uri? Url { get; set; }

    public string? Secret { get; set; }

    /// <summary>Comma-separated topics (GraphQL names); none: every topic.</summary>
    public string? Topics { get; set; }

    public IEnumerable<string> TopicList() => (Topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Wants(NotificationTopic topic) => !TopicList().Any() || TopicList().Any(t => TopicNames.FromGraphQL(t) == topic.ToString());
}

/// <summary>A GOV.UK Notify API key: <c>{key name}-{service id}-{secret}</c>, the last two UUIDs of 36 characters.</summary>
public sealed record NotifyKey(string ServiceId, string Secret)
{
    public static NotifyKey? Read(string key) =>
        key.Length > 74 && Guid.TryParse(key[^73..^37], out _) && Guid.TryParse(key[^36..], out _) && key[^74] == '-'
            ? new(key[^73..^37], key[^36..])
            : null;
}

/// <summary>Topics by the names the API gives them (RETURN_OVERDUE, OPEL_4).</summary>
public static class TopicNames
{
    public static string ToGraphQL(NotificationTopic topic) => topic switch
    {
        NotificationTopic.Opel4 => "OPEL_4",
        _ => string.Concat(topic.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString())),
    };

    public static string FromGraphQL(string name) =>
        Enum.GetValues<NotificationTopic>().FirstOrDefault(t => ToGraphQL(t).Equals(name, StringComparison.OrdinalIgnoreCase)) is var t && ToGraphQL(t).Equals(name, StringComparison.OrdinalIgnoreCase)
            ? t.ToString()
            : name;
}
