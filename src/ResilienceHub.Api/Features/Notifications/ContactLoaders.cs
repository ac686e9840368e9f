using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>Whose contacts: an organisation's, or a group's.</summary>
public readonly record struct ContactOwner(int? OrganisationId, int? GroupId)
{
    public static ContactOwner Organisation(int id) => new(id, null);

    public static ContactOwner Group(int id) => new(null, id);
}

/// <summary>The contacts of each requested organisation and group, by name, in one query per level of the request.</summary>
public sealed class ContactsLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<ContactOwner, IReadOnlyList<ContactView>>(async (owners, cancellationToken) =>
    {
        var organisations = owners.Select(o => o.OrganisationId).OfType<int>().ToList();
        var groups = owners.Select(o => o.GroupId).OfType<int>().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => (c.OrganisationId != null && organisations.Contains(c.OrganisationId.Value)) || (c.GroupId != null && groups.Contains(c.GroupId.Value)))
            .ToListAsync(cancellationToken);
        return contacts
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)
            .GroupBy(c => new ContactOwner(c.OrganisationId, c.GroupId))
            .ToDictionary(g => g.Key, IReadOnlyList<ContactView> (g) => [.. g.Select(ContactSaves.View)]);
    });
