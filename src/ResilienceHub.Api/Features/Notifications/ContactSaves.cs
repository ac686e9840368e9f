using GraphQL;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>
/// Saving and removing contacts, by directors and admins of the groups concerned (<see cref="Actor.KeepsContactsOf"/>).
/// Another group's contact, or one of its organisations, answers as absent. Addresses reach the audit trail and the
/// log masked. Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class ContactSaves(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    TimeProvider time,
    AuditTrail audit,
    Refusals refusals,
    ILogger<ContactSaves> logger)
{
    public async Task<ContactResult> SaveAsync(SaveContactInput input, Actor actor, CancellationToken cancellationToken)
    {
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var errors = ContactRules.Validate(input, out var email, out var mobile);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        Contact? existing = null;
        if (input.Id is not null)
        {
            existing = Ids.Parse(input.Id) is { } id ? await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) : null;
            if (existing is null || !actor.KeepsContactsOf(GroupsOf(existing.OrganisationId, existing.GroupId, catalogue)))
            {
                if (existing is not null)
                {
                    refusals.Forbidden(actor, AuditActions.SaveContact, $"Change of contact {existing.Id}, outside the caller's groups");
                }

                return Refuse(actor, AuditActions.SaveContact, [NoSuchContact(input.Id)]);
            }
        }

        var organisation = input.OrganisationId is null ? null : Ids.Parse(input.OrganisationId, NodeTypes.Organisation) is { } o ? catalogue.OrganisationsById.GetValueOrDefault(o) : null;
        var group = input.GroupId is null ? null : Ids.Parse(input.GroupId, NodeTypes.ResilienceGroup) is { } g ? catalogue.GroupsById.GetValueOrDefault(g) : null;
        if (input.OrganisationId is not null && (organisation is null || !actor.KeepsContactsOf(catalogue.GroupsOf(organisation.Id))))
        {
            errors.Add(UserErrors.NoSuchOrganisation(input.OrganisationId, catalogue, "organisationId"));
        }

        if (input.GroupId is not null && (group is null || !actor.KeepsContactsOf([group])))
        {
            errors.Add(new("GROUP_NOT_FOUND", $"No resilience group has the id {input.GroupId}.", ["groupId"]));
        }

        if (errors.Count > 0)
        {
            return Refuse(actor, AuditActions.SaveContact, errors);
        }

        var contact = existing ?? db.Contacts.Add(new Contact { Name = "", Topics = "", ChangedBy = "" }).Entity;
        (contact.OrganisationId, contact.GroupId) = (organisation?.Id, group?.Id);
        (contact.Name, contact.Email, contact.Mobile, contact.Topics) = (input.Name.Trim(), email, mobile, ContactRules.WriteTopics(input.Topics));
        (contact.ChangedAt, contact.ChangedBy) = (time.GetUtcNow().UtcDateTime, actor.Name);
        var detail = $"Contact '{contact.Name}' of {(organisation is not null ? organisation.OdsCode : "group " + group!.Code)}: {Addresses(contact)}; {contact.Topics}";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.SaveContact, AuditOutcomes.Accepted, detail: Shorten(detail)));
        await db.SaveChangesAsync(cancellationToken);
        var addresses = Addresses(contact);
        LogSaved(logger, contact.Id, addresses, actor.Name);
        return new(View(contact), []);
    }

    public async Task<ContactResult> RemoveAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        var catalogue = await referenceData.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = Ids.Parse(id) is { } key ? await db.Contacts.SingleOrDefaultAsync(c => c.Id == key, cancellationToken) : null;
        if (contact is null || !actor.KeepsContactsOf(GroupsOf(contact.OrganisationId, contact.GroupId, catalogue)))
        {
            if (contact is not null)
            {
                refusals.Forbidden(actor, AuditActions.RemoveContact, $"Removal of contact {contact.Id}, outside the caller's groups");
            }

            return Refuse(actor, AuditActions.RemoveContact, [NoSuchContact(id)]);
        }

        db.Contacts.Remove(contact);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.RemoveContact, AuditOutcomes.Accepted, detail: Shorten($"Contact {contact.Id} '{contact.Name}' removed: {Addresses(contact)}")));
        await db.SaveChangesAsync(cancellationToken);
        LogRemoved(logger, contact.Id, actor.Name);
        return new(View(contact), []);
    }

    public static ContactView View(Contact c) => new(c.Id, c.OrganisationId, c.GroupId, c.Name, c.Email, c.Mobile, ContactRules.ReadTopics(c.Topics));

    private static IEnumerable<ResilienceGroupView> GroupsOf(int? organisationId, int? groupId, ReferenceDataSnapshot catalogue) =>
        organisationId is { } o ? catalogue.GroupsOf(o) : groupId is { } g && catalogue.GroupsById.GetValueOrDefault(g) is { } group ? [group] : [];

    private static string Addresses(Contact c) => string.Join(", ", new[] { c.Email, c.Mobile }.OfType<string>().Select(ContactRules.Mask));

    private static string Shorten(string detail) => detail.Length > AuditLimits.DetailMaxLength ? detail[..AuditLimits.DetailMaxLength] : detail;

    private static UserError NoSuchContact(string id) => new("CONTACT_NOT_FOUND", $"No contact has the id {id}.", ["id"]);

    private ContactResult Refuse(Actor actor, string action, List<UserError> errors)
    {
        refusals.Refused(actor, action, errors);
        return new(null, errors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {ContactId} saved by {Actor}: {Addresses}")]
    private static partial void LogSaved(ILogger logger, int contactId, string addresses, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {ContactId} removed by {Actor}")]
    private static partial void LogRemoved(ILogger logger, int contactId, string actor);
}
