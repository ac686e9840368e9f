using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Exercises;

/// <summary>
/// Deleting a stood-down exercise and every row of it, in one transaction with the audit entry that says so. Only an
/// exercise matches the deletion, checked inside the transaction: being an exercise is fixed at declaration and a
/// stand-down is never undone, so no race can make a live incident, or a running exercise, one that is deleted.
/// </summary>
public sealed partial class ExerciseDeletions(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    AuditTrail audit,
    Refusals refusals,
    ILogger<ExerciseDeletions> logger)
{
    public const int ReasonMaxLength = 500;

    public async Task<DeleteExerciseResult> DeleteAsync(string incidentId, string reason, Actor actor, CancellationToken cancellationToken)
    {
        var notFound = UserErrors.NoSuchIncident(incidentId, "incidentId");
        if (Ids.Parse(incidentId, NodeTypes.Incident) is not { } id)
        {
            return Refuse(actor, null, [notFound]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        if ((await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id) is not { } incident)
        {
            return Refuse(actor, null, [notFound]);
        }

        if (catalogue.GroupsById.GetValueOrDefault(incident.GroupId) is not { } group || !actor.Administers(group.Code))
        {
            // Another group's incident answers as one that does not exist; the audit trail keeps what was tried.
            refusals.Forbidden(actor, AuditActions.DeleteExercise, $"Deletion of {incident.Reference}, outside the caller's groups", incident.Id);
            return new DeleteExerciseResult(false, [notFound]);
        }

        var errors = new List<UserError>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("REASON_REQUIRED", "Say why the exercise is being deleted; the audit trail keeps it.", ["reason"]));
        }

        UserErrors.CheckText(errors, reason, "reason", ReasonMaxLength, multiline: true);
        if (!incident.Exercise)
        {
            errors.Add(new("NOT_AN_EXERCISE", $"{incident.Reference} is a live incident; a live incident is never deleted.", ["incidentId"]));
        }
        else if (incident.StoodDownAt is null)
        {
            errors.Add(new("EXERCISE_RUNNING", $"Exercise {incident.Reference} is still running; stand it down first, then delete it.", ["incidentId"]));
        }

        if (incident.Exercise && await db.Incidents.AnyAsync(i => i.ReplayOfId == id, cancellationToken))
        {
            errors.Add(new("EXERCISE_REPLAYED", $"Another exercise replays {incident.Reference}; delete that one first.", ["incidentId"]));
        }

        if (errors.Count > 0)
        {
            return Refuse(actor, incident.Id, errors);
        }

        var deleted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Inside the transaction, so what is deleted is what was checked.
            if (!await db.Incidents.AnyAsync(i => i.Id == id && i.Exercise && i.StoodDownAt != null, cancellationToken))
            {
                return false;
            }

            var sitreps = db.Sitreps.Where(s => s.IncidentId == id).Select(s => s.Id);
            var versions = db.SitrepVersions.Where(v => sitreps.Contains(v.SitrepId)).Select(v => v.Id);
            // The exercise's audit entries stay, each with what it says; only their links to rows that go are cleared.
            await db.AuditEntries.Where(a => a.IncidentId == id || (a.SitrepId != null && sitreps.Contains(a.SitrepId.Value)))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.IncidentId, (int?)null).SetProperty(a => a.SitrepId, (int?)null), cancellationToken);
            await db.SitrepValues.Where(v => versions.Contains(v.SitrepVersionId)).ExecuteDeleteAsync(cancellationToken);
            await db.SitrepSignOffs.Where(s => s.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.SitrepVersions.Where(v => sitreps.Contains(v.SitrepId)).ExecuteDeleteAsync(cancellationToken);
            await db.Sitreps.Where(s => s.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            var actions = db.IncidentActions.Where(a => a.IncidentId == id).Select(a => a.Id);
            await db.ActionUpdates.Where(u => actions.Contains(u.ActionId)).ExecuteDeleteAsync(cancellationToken);
            await db.IncidentActions.Where(a => a.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.LogEntries.Where(e => e.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Notifications.Where(n => n.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.IncidentParticipants.Where(p => p.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.IncidentWindows.Where(w => w.IncidentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Incidents.Where(i => i.Id == id && i.Exercise && i.StoodDownAt != null).ExecuteDeleteAsync(cancellationToken);
            db.AuditEntries.Add(audit.Entry(actor, AuditActions.DeleteExercise, AuditOutcomes.Accepted,
                detail: $"Exercise {incident.Reference} ({incident.Title}), incident {incident.Id}, deleted with everything in it: {reason.Trim()}"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return true;
        });

        if (!deleted)
        {
            // Deleted by another request between the checks and the transaction.
            return Refuse(actor, null, [notFound]);
        }

        LogDeleted(logger, incident.Id, incident.Reference, actor.Name);
        return new DeleteExerciseResult(true, []);
    }

    private DeleteExerciseResult Refuse(Actor actor, int? incidentId, List<UserError> errors)
    {
        refusals.Refused(actor, AuditActions.DeleteExercise, errors, incidentId);
        return new DeleteExerciseResult(false, errors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exercise {IncidentId} ({Reference}) deleted by {Actor}")]
    private static partial void LogDeleted(ILogger logger, int incidentId, string reference, string actor);
}
