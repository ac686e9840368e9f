using GraphQL;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Organisations;

/// <summary>
/// Creating groups and setting their names and members, by admins. An incident's participants are fixed when it is
/// declared, so a change of members changes no incident already declared: only the default of the next declaration.
/// Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class ResilienceGroupSaves(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    IReferenceDataEvents events,
    AuditTrail audit,
    Refusals refusals,
    ILogger<ResilienceGroupSaves> logger)
{
    public async Task<ResilienceGroupResult> SaveAsync(SaveResilienceGroupInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = input.Code.Trim();
        var existing = await OrganisationQueries.GroupWithCode(db, code).SingleOrDefaultAsync(cancellationToken);
        if (!actor.MayKeepGroup(code, existing is not null))
        {
            // The same answer whether or not the group exists: an admin learns nothing of another group.
            refusals.Forbidden(actor, AuditActions.SaveGroup, $"Save of group {code}, {(existing is null ? "a new group" : "outside the caller's groups")}");
            throw new ExecutionError($"You may not save the group {code}: an admin keeps the groups of its token, and only an admin of every group (groups claim *) sets up a new one.")
            {
                Code = AuthorizationError.NotAuthorized,
            };
        }

        // Read afresh: whether a member is retired, or in another group, decides what this save may do.
        var catalogue = await referenceData.GetFreshAsync(cancellationToken);
        var name = input.Name.Trim();
        var errors = OrganisationRules.ValidateGroup(code, name, input.Reason);
        var current = existing?.Members.Select(m => m.OrganisationId).ToHashSet() ?? [];
        var members = OrganisationRules.ReadMembers(errors, input.MemberIds, catalogue.OrganisationsById, current,
            organisation => actor.MayKeepOrganisation([.. catalogue.GroupsOf(organisation.Id).Select(g => g.Code)]),
            id => UserErrors.NoSuchOrganisation(id, catalogue));
        if (errors.Count > 0)
        {
            if (errors.Any(e => e.Code == "MEMBER_OUTSIDE_SCOPE"))
            {
                refusals.Forbidden(actor, AuditActions.SaveGroup, $"Save of group {code} adding organisations of groups outside the caller's: {string.Join(", ", errors.Select(e => e.Code).Distinct())}");
                return new ResilienceGroupResult(null, errors);
            }

            refusals.Refused(actor, AuditActions.SaveGroup, errors);
            return new ResilienceGroupResult(null, errors);
        }

        var group = existing ?? db.ResilienceGroups.Add(new ResilienceGroup { Code = code, Name = name }).Entity;
        var added = members!.Where(id => !current.Contains(id)).ToList();
        var removed = current.Where(id => !members!.Contains(id)).Order().ToList();
        var changes = new List<string>();
        if (existing is null)
        {
            changes.Add($"created as '{name}'");
        }
        else if (existing.Name != name)
        {
            changes.Add($"name '{existing.Name}' → '{name}'");
        }

        if (added.Count > 0)
        {
            changes.Add("added " + string.Join(", ", added.Select(id => catalogue.OrganisationsById[id].OdsCode)));
        }

        if (removed.Count > 0)
        {
            changes.Add("removed " + string.Join(", ", removed.Select(id => catalogue.OrganisationsById.GetValueOrDefault(id)?.OdsCode ?? $"organisation {id}")));
        }

        if (changes.Count > 0)
        {
            group.Name = name;
            group.Members.RemoveAll(m => removed.Contains(m.OrganisationId));
            group.Members.AddRange(added.Select(id => new GroupMembership { OrganisationId = id }));
            (group.ChangedBy, group.ChangedBySeeds) = (actor.Name, false);
        }

        var detail = ChangeDetail.Of(code, changes, input.Reason);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.SaveGroup, AuditOutcomes.Accepted, detail: detail));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another save created the group, or added the same member, between the read above and this write.
            var lost = new List<UserError> { new("CONCURRENT_CHANGE", $"The group {code} was changed by someone else at the same moment; read it and save again if it still needs changing.", ["code"]) };
            refusals.Refused(actor, AuditActions.SaveGroup, lost);
            return new ResilienceGroupResult(null, lost);
        }

        if (changes.Count > 0)
        {
            // This instance reads the change at once; the others when the event reaches them.
            referenceData.Invalidate();
            LogSaved(logger, detail, actor.Name);
            await events.PublishAsync(new ReferenceDataChanged(ReferenceDataChanged.Group, code));
        }

        return new ResilienceGroupResult(new ResilienceGroupView(group.Id, group.Code, group.Name, [.. group.Members.Select(m => m.OrganisationId).Order()]), []);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group saved by {Actor}: {Detail}")]
    private static partial void LogSaved(ILogger logger, string detail, string actor);
}
