using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>
/// Writes notifications into a write's own context, so that they commit with what caused them, or not at all: one row
/// per contact who chose the topic and channel this deployment has, and one per webhook that wants it.
/// </summary>
public sealed class NotificationOutbox(IOptions<NotificationOptions> options, TimeProvider time)
{
    /// <summary>Whether anything would be written (some channel is configured).</summary>
    public bool Sends => options.Value.SendsAnything;

    public Uri Link => options.Value.PublicUrl ?? new Uri("http://localhost/");

    /// <summary>Adds the rows for the contacts of these organisations (or of the group), unless the cause already has them.</summary>
    public async Task AddAsync(
        ResilienceDbContext db, IncidentView incident, Message message, string causeKey, IReadOnlyCollection<int> organisationIds, int? groupId,
        CancellationToken cancellationToken, Incident? declared = null)
    {
        var settings = options.Value;
        if (!settings.SendsAnything)
        {
            return;
        }

        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => (c.OrganisationId != null && organisationIds.Contains(c.OrganisationId.Value)) || (groupId != null && c.GroupId == groupId))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<Notification>();
        foreach (var contact in contacts.Where(c => ContactRules.ReadTopics(c.Topics).Contains(message.Topic)))
        {
            if (contact.Email is { } email && settings.SendsEmail)
            {
                rows.Add(Row(incident, message, causeKey, NotificationChannel.Email, email, message.Text, now));
            }

            if (contact.Mobile is { } mobile && settings.SendsSms)
            {
                rows.Add(Row(incident, message, causeKey, NotificationChannel.Sms, mobile, message.Text, now));
            }
        }

        for (var i = 0; i < settings.Webhooks.Count; i++)
        {
            if (settings.Webhooks[i].Wants(message.Topic))
            {
                rows.Add(Row(incident, message, causeKey, NotificationChannel.Webhook, $"webhook:{i}", message.Text, now));
            }
        }

        // Two contacts with one address are told once.
        rows = [.. rows.DistinctBy(r => (r.Channel, r.Recipient))];
        foreach (var row in rows)
        {
            // A declaration's incident has no id until it commits with them.
            row.Incident = declared;
        }

        db.Notifications.AddRange(rows);
    }

    private static Notification Row(IncidentView incident, Message message, string causeKey, NotificationChannel channel, string recipient, string body, DateTime now) => new()
    {
        IncidentId = incident.Id,
        Topic = message.Topic,
        Channel = channel,
        Recipient = recipient,
        CauseKey = causeKey,
        Subject = channel == NotificationChannel.Sms ? null : message.Subject,
        Body = body,
        Link = message.Link.ToString(),
        CreatedAt = now,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
    };
}
