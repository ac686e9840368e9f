using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.Features.Notifications;

public sealed class NotificationTopicGraphType : EnumerationGraphType
{
    public NotificationTopicGraphType()
    {
        Name = "NotificationTopic";
        foreach (var topic in Enum.GetValues<NotificationTopic>())
        {
            Add(TopicNames.ToGraphQL(topic), topic);
        }
    }
}

public sealed class NotificationChannelGraphType : EnumerationGraphType<NotificationChannel>
{
    public NotificationChannelGraphType() => Name = "NotificationChannel";
}

public sealed class DeliveryStatusGraphType : EnumerationGraphType<DeliveryStatus>
{
    public DeliveryStatusGraphType() => Name = "DeliveryStatus";
}

public sealed class ContactGraphType : ObjectGraphType<ContactView>
{
    public ContactGraphType()
    {
        Name = "Contact";
        Description = "Someone of an organisation or a group told about the topics they chose. Directors and admins of the groups concerned.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(c.Source.Id));
        Field(c => c.Name);
        Field(c => c.Email, nullable: true);
        Field(c => c.Mobile, nullable: true).Description("E.164, e.g. +447700900123.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationTopicGraphType>>>>("topics").Resolve(c => c.Source.Topics);
    }
}

public sealed class SaveContactInputGraphType : InputObjectGraphType<SaveContactInput>
{
    public SaveContactInputGraphType()
    {
        Name = "SaveContactInput";
        Field<IdGraphType>("id").Description("The contact to change; omitted: a new one.");
        Field<IdGraphType>("organisationId");
        Field<IdGraphType>("groupId");
        Field(i => i.Name).Description("A person or a role, e.g. Duty director.");
        Field(i => i.Email, nullable: true);
        Field(i => i.Mobile, nullable: true).Description("A UK mobile (07700 900123 or +44 7700 900123); stored in E.164.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationTopicGraphType>>>>("topics");
    }
}

public sealed class ContactPayloadGraphType : ObjectGraphType<ContactResult>
{
    public ContactPayloadGraphType()
    {
        Name = "ContactPayload";
        Field<ContactGraphType>("contact").Resolve(c => c.Source.Contact);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class NotificationGraphType : ObjectGraphType<NotificationView>
{
    public NotificationGraphType()
    {
        Name = "Notification";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field<NonNullGraphType<NotificationTopicGraphType>>("topic").Resolve(c => c.Source.Topic);
        Field<NonNullGraphType<NotificationChannelGraphType>>("channel").Resolve(c => c.Source.Channel);
        Field(n => n.Recipient).Description("Masked (j***@nhs.net, +447******123), or webhook: and the webhook's index in the settings.");
        Field(n => n.Subject, nullable: true);
        Field(n => n.Body);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DeliveryStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field(n => n.Attempts);
        Field(n => n.LastError, nullable: true);
        Field<UtcDateTimeGraphType>("sentAt").Resolve(c => c.Source.SentAt);
    }
}

public sealed class NotificationEdgeGraphType : ObjectGraphType<NotificationView>
{
    public NotificationEdgeGraphType()
    {
        Name = "NotificationEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => NotificationCursor.After(c.Source.Id));
        Field<NonNullGraphType<NotificationGraphType>>("node").Resolve(c => c.Source);
    }
}

public sealed record NotificationConnection(IReadOnlyList<NotificationView> Edges, PageInfo PageInfo, int TotalCount);

public sealed class NotificationConnectionGraphType : ObjectGraphType<NotificationConnection>
{
    public NotificationConnectionGraphType()
    {
        Name = "NotificationConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationEdgeGraphType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

/// <summary>A position in an incident's notifications, newest first: before the one with this id. Opaque to clients.</summary>
public static class NotificationCursor
{
    public static string After(long id) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("notification:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static long? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 48 || !System.Buffers.Text.Base64Url.IsValid(cursor))
        {
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
        return text.StartsWith("notification:", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan("notification:".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }
}

internal static class NotificationFields
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void AddNotificationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ContactPayloadGraphType>>("saveContact")
            .Description("For an organisation (its directors and admins) or a group. Exactly one of organisationId, groupId.")
            .AuthorizeWithRoles(Roles.Director, Roles.Admin)
            .Argument<NonNullGraphType<SaveContactInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<ContactSaves>()
                .SaveAsync(c.GetArgument<SaveContactInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<ContactPayloadGraphType>>("removeContact")
            .Description("Removes the contact; it is told nothing more. Directors and admins of its groups.")
            .AuthorizeWithRoles(Roles.Director, Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<ContactSaves>()
                .RemoveAsync(c.GetArgument<string>("id"), c.Actor(), c.CancellationToken));
    }

    /// <summary>
    /// Organisation.contacts: its directors and admins (<see cref="Actor.KeepsContactsOf"/>) read them in full, to call
    /// them. Other roles are refused the field, as every field kept for some roles; a director or admin of other groups
    /// is given none, as every read outside the caller's groups answers as absent. An answer holding them is shared
    /// only within its audience (roles, organisations and groups), which decides both.
    /// </summary>
    public static void AddContactsField(this ObjectGraphType<OrganisationView> organisation) =>
        organisation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactGraphType>>>>("contacts")
            .Description("Directors and admins of the organisation's groups only (others of these roles: none), by name.")
            .AuthorizeWithRoles(Roles.Director, Roles.Admin)
            .TracedWhenBatched()
            .ResolveFromReferenceData((reference, c) => c.Actor().KeepsContactsOf(reference.GroupsOf(c.Source.Id))
                ? (object)c.Service<ContactsLoader>().Load(ContactOwner.Organisation(c.Source.Id)).Then(contacts => contacts ?? [])
                : Array.Empty<ContactView>());

    /// <summary>ResilienceGroup.contacts: as <see cref="AddContactsField(ObjectGraphType{OrganisationView})"/>, for the group's directors and admins.</summary>
    public static void AddContactsField(this ObjectGraphType<ResilienceGroupView> group) =>
        group.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactGraphType>>>>("contacts")
            .Description("Directors and admins of the group only (others of these roles: none), by name.")
            .AuthorizeWithRoles(Roles.Director, Roles.Admin)
            .TracedWhenBatched()
            .ResolveFromReferenceData((_, c) => c.Actor().KeepsContactsOf([c.Source])
                ? (object)c.Service<ContactsLoader>().Load(ContactOwner.Group(c.Source.Id)).Then(contacts => contacts ?? [])
                : Array.Empty<ContactView>());

    /// <summary>Incident.notifications: what the incident caused and how its delivery stands, which the sender changes without an audit entry.</summary>
    public static void AddNotificationFields(this ObjectGraphType<IncidentView> incident)
    {
        incident.Field<NonNullGraphType<NotificationConnectionGraphType>>("notifications")
            .Description($"Every notification the incident caused, newest first. Directors. {DefaultPageSize} a page by default, at most {MaxPageSize}.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                // Delivery changes without an audit entry, so the data version does not move with it: read it every time.
                c.Service<AnswerLifetime>().NotShared();
                var first = c.GetArgument<int?>("first") ?? DefaultPageSize;
                if (first is < 0 or > MaxPageSize)
                {
                    throw new ExecutionError($"first must be between 0 and {MaxPageSize}.") { Code = "INVALID_ARGUMENT" };
                }

                var afterText = c.GetArgument<string?>("after");
                var after = NotificationCursor.Decode(afterText);
                if (afterText is not null && after is null)
                {
                    throw new ExecutionError("after is not a cursor this API issued.") { Code = "INVALID_ARGUMENT" };
                }

                await using var db = await c.CreateDbContextAsync();
                var incidentId = c.Source.Id;
                var rows = await db.Notifications.AsNoTracking().Where(n => n.IncidentId == incidentId && n.Id < (after ?? long.MaxValue))
                    .OrderByDescending(n => n.Id).Take(first + 1)
                    .Select(n => new NotificationView(n.Id, n.Topic, n.Channel, n.Recipient, n.Subject, n.Body, n.CreatedAt, n.Status, n.Attempts, n.LastError, n.SentAt))
                    .ToListAsync(c.CancellationToken);
                var page = rows.Take(first).Select(n => n with { Recipient = ContactRules.Mask(n.Recipient) }).ToList();
                var total = await db.Notifications.CountAsync(n => n.IncidentId == incidentId, c.CancellationToken);
                return new NotificationConnection(page, new PageInfo(rows.Count > first, page.Count > 0 ? NotificationCursor.After(page[^1].Id) : null), total);
            });
    }
}
