using System.Globalization;
using GraphQL;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Log;

/// <summary>
/// Raising and updating an incident's actions: numbered as the log is, every change kept as an update, and the version
/// read the concurrency token of an update, so that of two made from the same version the second is told so.
/// </summary>
public sealed partial class IncidentActions(
    IDbContextFactory<ResilienceDbContext> contexts, ReferenceDataCache referenceData, TimeProvider time, AuditTrail audit, Refusals refusals,
    IIncidentEvents events, ILogger<IncidentActions> logger)
{
    public async Task<ActionResult> RaiseAsync(RaiseActionInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var incident = Ids.Parse(input.IncidentId, NodeTypes.Incident) is { } id ? (await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id) : null;
        if (incident is not null && !actor.Directs(incident, catalogue))
        {
            refusals.Forbidden(actor, AuditActions.RaiseAction, $"Action in incident {incident.Reference}, outside the caller's groups", incident.Id);
            incident = null;
        }

        if (incident is null)
        {
            return Refused(actor, AuditActions.RaiseAction, null, UserErrors.NoSuchIncident(input.IncidentId, "incidentId"));
        }

        var fingerprint = Idempotency.Fingerprint(["raise", Ids.Canonical(input.IncidentId, NodeTypes.Incident), input.Title, Ids.Canonical(input.OwnerId, NodeTypes.Organisation), input.OwnerName,
            input.DueAt?.Ticks.ToString(CultureInfo.InvariantCulture), input.DecisionId]);
        if (await ReplayAsync(db, incident.Id, input.IdempotencyKey, fingerprint, actor, cancellationToken) is { } replay)
        {
            return replay;
        }

        var errors = new List<UserError>();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add(new("TITLE_REQUIRED", "Say what is to be done.", ["title"]));
        }

        UserErrors.CheckText(errors, input.Title, "title", LogLimits.SummaryMaxLength);
        UserErrors.CheckText(errors, input.OwnerName, "ownerName", LogLimits.NameMaxLength);
        Idempotency.CheckKey(errors, input.IdempotencyKey);
        var owner = input.OwnerId is null ? null : Ids.Parse(input.OwnerId, NodeTypes.Organisation) is { } ownerId ? catalogue.OrganisationsById.GetValueOrDefault(ownerId) : null;
        if (input.OwnerId is not null && owner is null)
        {
            errors.Add(UserErrors.NoSuchOrganisation(input.OwnerId, catalogue, "ownerId"));
        }
        else if (owner is not null && !incident.ParticipantIds.Contains(owner.Id))
        {
            errors.Add(new("OWNER_NOT_A_PARTICIPANT", $"{owner.Name} does not take part in incident {incident.Reference}; an action is owned by one of its participants.", ["ownerId"]));
        }

        if (input.OwnerId is null && string.IsNullOrWhiteSpace(input.OwnerName))
        {
            errors.Add(new("OWNER_REQUIRED", "Say who owns the action: a participant (ownerId), a person or role (ownerName), or both.", ["ownerId"]));
        }

        if (input.DueAt is { } due && due <= time.GetUtcNow().UtcDateTime)
        {
            errors.Add(new("DUE_IN_PAST", $"dueAt is {UserErrors.Instant(due)}, which has passed; an action is due later than it is raised.", ["dueAt"]));
        }

        var decisionId = input.DecisionId is null ? (int?)null : Ids.Parse(input.DecisionId) ?? 0;
        if (decisionId is { } decision && !await db.LogEntries.AnyAsync(e => e.Id == decision && e.IncidentId == incident.Id, cancellationToken))
        {
            errors.Add(new("DECISION_NOT_FOUND", $"There is no entry with id '{input.DecisionId}' in incident {incident.Reference}'s log.", ["decisionId"]));
        }

        if (errors.Count > 0)
        {
            return Refused(actor, AuditActions.RaiseAction, incident.Id, [.. errors]);
        }

        var action = new IncidentAction
        {
            IncidentId = incident.Id, Title = input.Title.Trim(), OwnerId = owner?.Id, OwnerName = string.IsNullOrWhiteSpace(input.OwnerName) ? null : input.OwnerName.Trim(),
            DueAt = input.DueAt, Status = ActionStatus.Open, DecisionId = decisionId, RaisedBy = actor.Name,
            Version = 1, IdempotencyKey = input.IdempotencyKey, ContentHash = fingerprint,
        };
        while (true)
        {
            // As in the log, the time after the number: a higher number is never raised earlier.
            action.Number = (await LogQueries.ActionNumbers(db, incident.Id).MaxAsync(n => (int?)n, cancellationToken) ?? 0) + 1;
            action.RaisedAt = time.GetUtcNow().UtcDateTime;
            db.IncidentActions.Add(action);
            db.AuditEntries.Add(Audited(actor, AuditActions.RaiseAction, action, $"Action {action.Number}: {action.Title}"));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await events.PublishAsync(new IncidentChange(action.IncidentId, ChangeSubjects.Action, action.Id, action.Version));
                return new ActionResult(LogQueries.View(action, action.RaisedAt), []);
            }
            catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
            {
                // The number, or the retry's key, was taken by a writer at the same moment.
                db.ChangeTracker.Clear();
                action.Id = 0;
                if (await ReplayAsync(db, incident.Id, input.IdempotencyKey, fingerprint, actor, cancellationToken) is { } concurrentReplay)
                {
                    return concurrentReplay;
                }
            }
        }
    }

    public async Task<ActionResult> UpdateAsync(UpdateActionInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var action = Ids.Parse(input.ActionId) is { } id ? await db.IncidentActions.Include(a => a.Updates).AsTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        var incident = action is null ? null : (await IncidentQueries.ByIdsAsync(db, [action.IncidentId], cancellationToken)).GetValueOrDefault(action.IncidentId);
        if (incident is not null && !actor.MayRead(incident, catalogue))
        {
            refusals.Forbidden(actor, AuditActions.UpdateAction, $"Action {action!.Number} of incident {incident.Reference}, outside the caller's groups", incident.Id);
            incident = null;
        }

        if (action is null || incident is null)
        {
            return Refused(actor, AuditActions.UpdateAction, null, new UserError("ACTION_NOT_FOUND", $"There is no action with id '{input.ActionId}'; list an incident's with incident(id: …) {{ actions {{ id number title }} }}.", ["actionId"]));
        }

        // A director updates any action of the incidents it directs; a reporter those its organisation owns.
        var owner = action.OwnerId is { } ownerId ? catalogue.OrganisationsById.GetValueOrDefault(ownerId) : null;
        if (!actor.Directs(incident, catalogue) && !(owner is not null && actor.Roles.Contains(Roles.Reporter) && actor.ReportsFor(owner)))
        {
            refusals.Forbidden(actor, AuditActions.UpdateAction, $"Action {action.Number} of incident {incident.Reference}, owned by {owner?.OdsCode ?? "no organisation"}", incident.Id);
            throw new ExecutionError($"You may not update action {action.Number}: it is {(owner is null ? "owned by no organisation" : $"owned by {owner.Name}")}, and you do not direct incident {incident.Reference}.")
            {
                Code = AuthorizationError.NotAuthorized,
            };
        }

        var errors = LogRules.ValidateUpdate(action.Status, input.Status, input.Note);
        if (errors.Count == 0 && input.ExpectedVersion != action.Version)
        {
            errors.Add(Conflict(action.Version, input.ExpectedVersion));
        }

        if (errors.Count > 0)
        {
            return Refused(actor, AuditActions.UpdateAction, incident.Id, [.. errors]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        action.Version++;
        action.Status = input.Status;
        action.Updates.Add(new ActionUpdate
        {
            Version = action.Version, At = now, By = actor.Name, Status = input.Status, Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
        });
        db.AuditEntries.Add(Audited(actor, AuditActions.UpdateAction, action, $"Action {action.Number}: {LogRules.Name(input.Status)}{(input.Note is null ? "" : $": {input.Note}")}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(exception))
        {
            db.ChangeTracker.Clear();
            var newest = await db.IncidentActions.Where(a => a.Id == action.Id).Select(a => a.Version).SingleAsync(cancellationToken);
            return Refused(actor, AuditActions.UpdateAction, incident.Id, Conflict(newest, input.ExpectedVersion));
        }

        LogUpdated(logger, action.Number, action.IncidentId, input.Status, actor.Name);
        await events.PublishAsync(new IncidentChange(action.IncidentId, ChangeSubjects.Action, action.Id, action.Version));
        return new ActionResult(LogQueries.View(action, now), []);
    }

    private async Task<ActionResult?> ReplayAsync(ResilienceDbContext db, int incidentId, string? key, string fingerprint, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key)
            || await db.IncidentActions.Include(a => a.Updates).SingleOrDefaultAsync(a => a.IncidentId == incidentId && a.IdempotencyKey == key, cancellationToken) is not { } stored)
        {
            return null;
        }

        return stored.ContentHash == fingerprint
            ? new ActionResult(LogQueries.View(stored, time.GetUtcNow().UtcDateTime), [])
            : Refused(actor, AuditActions.RaiseAction, incidentId, Idempotency.KeyReused("action"));
    }

    private AuditEntry Audited(Actor actor, string action, IncidentAction subject, string detail)
    {
        var entry = audit.Entry(actor, action, AuditOutcomes.Accepted, detail: detail);
        entry.IncidentId = subject.IncidentId;
        return entry;
    }

    private ActionResult Refused(Actor actor, string action, int? incidentId, params UserError[] errors)
    {
        refusals.Refused(actor, action, errors, incidentId);
        return new ActionResult(null, errors);
    }

    private static UserError Conflict(int current, int expected) => new(
        "VERSION_CONFLICT", $"This action is now at version {current}, not {expected}: someone changed it first. Read it again and update from there.", ["expectedVersion"]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Action {Number} of incident {IncidentId} is {Status}, set by {Actor}")]
    private static partial void LogUpdated(ILogger logger, int number, int incidentId, ActionStatus status, string actor);
}
