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
/// Creating and changing organisations, by admins. Every problem is reported at once and nothing is stored when there is
/// one; the accepted save and its audit entry commit together, and the unique ODS code settles two creations at once.
/// Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class OrganisationSaves(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    IReferenceDataEvents events,
    AuditTrail audit,
    Refusals refusals,
    ILogger<OrganisationSaves> logger)
{
    public async Task<OrganisationResult> SaveAsync(SaveOrganisationInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var odsCode = input.OdsCode.Trim();
        var existing = await OrganisationQueries.WithCode(db, odsCode).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null && !actor.MayKeepOrganisation(await OrganisationQueries.GroupCodesOf(db, existing.Id).ToListAsync(cancellationToken)))
        {
            refusals.Forbidden(actor, AuditActions.SaveOrganisation, $"Change of organisation {existing.OdsCode}, in no group the caller administers");
            throw new ExecutionError($"You may not change {existing.Name} ({existing.OdsCode}): it belongs to no group your token administers.")
            {
                Code = AuthorizationError.NotAuthorized,
            };
        }

        var name = input.Name.Trim();
        var errors = OrganisationRules.Validate(odsCode, name, input.LocalIdentifier ?? false, input.Reason);
        var active = input.Active ?? existing?.Active ?? true;
        if (existing is { Active: true } && !active)
        {
            var catalogue = await referenceData.GetAsync(cancellationToken);
            var standing = await OrganisationQueries.StandingIncidentsOf(db, existing.Id).ToListAsync(cancellationToken);
            if (standing.Count > 0)
            {
                // Named where the caller may read the incident; another group's is only said to exist.
                var named = standing.Select(i => catalogue.GroupsById.GetValueOrDefault(i.GroupId) is { } g && actor.ReachesGroup(g) ? i.Reference : "an incident of another group");
                errors.Add(new("ORGANISATION_IN_INCIDENT",
                    $"{existing.Name} takes part in {string.Join(", ", named.Distinct())}, which {(standing.Count == 1 ? "is" : "are")} not stood down: it can be retired once {(standing.Count == 1 ? "that incident is" : "they are")} stood down.",
                    ["active"]));
            }
        }

        if (errors.Count > 0)
        {
            return Refuse(actor, errors);
        }

        var changes = Changes(existing, name, input.Type, input.LocalIdentifier ?? false, active);
        var organisation = existing ?? db.Organisations.Add(new Organisation { OdsCode = odsCode, Name = name }).Entity;
        if (changes.Count > 0)
        {
            (organisation.Name, organisation.Type, organisation.IsLocalIdentifier, organisation.Active) = (name, input.Type, input.LocalIdentifier ?? false, active);
            (organisation.ChangedBy, organisation.ChangedBySeeds) = (actor.Name, false);
        }

        var detail = ChangeDetail.Of(odsCode, changes, input.Reason);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.SaveOrganisation, AuditOutcomes.Accepted, detail: detail));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another save created the same code between the read above and this insert.
            return Refuse(actor, [new("CONCURRENT_CHANGE", $"{odsCode} was created by someone else at the same moment; read it and save again if it still needs changing.", ["odsCode"])]);
        }

        if (changes.Count > 0)
        {
            // This instance reads the change at once; the others when the event reaches them.
            referenceData.Invalidate();
            LogSaved(logger, detail, actor.Name);
            await events.PublishAsync(new ReferenceDataChanged(ReferenceDataChanged.Organisation, odsCode));
        }

        return new OrganisationResult(
            new OrganisationView(organisation.Id, organisation.OdsCode, organisation.Name, organisation.Type, organisation.IsLocalIdentifier, organisation.Active), []);
    }

    private OrganisationResult Refuse(Actor actor, List<UserError> errors)
    {
        refusals.Refused(actor, AuditActions.SaveOrganisation, errors);
        return new OrganisationResult(null, errors);
    }

    private static List<string> Changes(Organisation? before, string name, OrganisationType type, bool local, bool active)
    {
        if (before is null)
        {
            return [$"created as {OrganisationTypeNames.Contract(type)} '{name}'{(active ? "" : ", retired")}"];
        }

        var changes = new List<string>();
        if (before.Name != name)
        {
            changes.Add($"name '{before.Name}' → '{name}'");
        }

        if (before.Type != type)
        {
            changes.Add($"type {OrganisationTypeNames.Contract(before.Type)} → {OrganisationTypeNames.Contract(type)}");
        }

        if (before.IsLocalIdentifier != local)
        {
            changes.Add(local ? "marked a local identifier" : "marked an ODS code");
        }

        if (before.Active != active)
        {
            changes.Add(active ? "brought back from retirement" : "retired");
        }

        return changes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Organisation saved by {Actor}: {Detail}")]
    private static partial void LogSaved(ILogger logger, string detail, string actor);
}
