using GraphQL;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>
/// Creating measures and revising them, by admins of every group. Each accepted change is a new revision (who, when,
/// why) written with the measure's new current state and the audit entry in one SaveChanges; the unique
/// (measure, revision) key lets exactly one of two concurrent revisions in. Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class MeasureSaves(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    IReferenceDataEvents events,
    TimeProvider time,
    AuditTrail audit,
    Refusals refusals,
    ILogger<MeasureSaves> logger)
{
    public async Task<MeasureResult> SaveAsync(SaveMeasureInput input, Actor actor, CancellationToken cancellationToken)
    {
        var code = input.Code.Trim();
        if (!actor.MayKeepCatalogue)
        {
            refusals.Forbidden(actor, AuditActions.SaveMeasure, $"Save of measure {code} by an admin of some groups only");
            throw new ExecutionError("Only an admin of every group (groups claim *) adds or changes measures: every group's returns use the one catalogue.")
            {
                Code = AuthorizationError.NotAuthorized,
            };
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await MeasureQueries.WithCode(db, code).SingleOrDefaultAsync(cancellationToken);
        // The catalogue as the database has it now, not as a cache last read it: the bounds are checked against it.
        var catalogue = (await ReferenceDataQueries.Measures(db).ToListAsync(cancellationToken)).Select(m => m.ToView()).ToList();
        var before = existing is null ? null : MeasureDefinition.Of(existing);
        var proposed = new MeasureDefinition(
            input.Name.Trim(), input.Unit.Trim(), input.Kind, [.. input.AppliesTo.Distinct().Order()],
            [.. input.RequiredFor.Distinct().Order()], input.MustNotExceed?.Trim(), input.WarningAbove, input.CriticalAbove,
            input.MaxValue ?? before?.MaxValue ?? Measure.DefaultMaxValue, input.Retired ?? before?.Retired ?? false);
        // Only a change of kind needs to know whether returns carry the measure.
        var kindLocked = before is not null && before.Kind != proposed.Kind && await MeasureQueries.Carried(db, existing!.Id).AnyAsync(cancellationToken);
        var errors = MeasureRules.Validate(code, proposed, input.AppliesTo, input.RequiredFor, input.Reason, catalogue, kindLocked);
        if (errors.Count > 0)
        {
            return Refuse(actor, errors);
        }

        var changes = proposed.ChangesFrom(before);
        var now = time.GetUtcNow().UtcDateTime;
        var reason = input.Reason.Trim();
        var measure = existing ?? db.Measures.Add(new Measure
        {
            Code = code, Name = proposed.Name, Unit = proposed.Unit,
            SortOrder = (await MeasureQueries.LastSortOrder(db).FirstOrDefaultAsync(cancellationToken) ?? -1) + 1,
        }).Entity;
        var revision = 0;
        if (changes.Count > 0)
        {
            revision = existing is null ? 1 : await MeasureQueries.LatestRevision(db, existing.Id).FirstOrDefaultAsync(cancellationToken) + 1;
            proposed.ApplyTo(measure);
            measure.Revisions.Add(proposed.ToRevision(revision, now, actor.Name, actor.Subject, bySeeds: false, reason));
        }

        var detail = ChangeDetail.Of(code, changes.Count > 0 ? [$"revision {revision}", .. changes] : [], reason);
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.SaveMeasure, AuditOutcomes.Accepted, detail: detail));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another save made this revision (or created this code) between the reads above and this write.
            return Refuse(actor, [new("CONCURRENT_CHANGE", $"{code} was changed by someone else at the same moment; read its history and save again if it still needs changing.", ["code"])]);
        }

        if (changes.Count > 0)
        {
            // This instance validates with the new revision at once; the others when the event reaches them.
            referenceData.Invalidate();
            LogSaved(logger, detail, actor.Name);
            await events.PublishAsync(new ReferenceDataChanged(ReferenceDataChanged.Measure, code));
        }

        return new MeasureResult(ToView(measure), []);
    }

    private MeasureResult Refuse(Actor actor, List<UserError> errors)
    {
        refusals.Refused(actor, AuditActions.SaveMeasure, errors);
        return new MeasureResult(null, errors);
    }

    private static MeasureView ToView(Measure m) => new(
        m.Id, m.Code, m.Name, m.Unit, m.Kind,
        [.. m.AppliesTo.Select(a => a.OrganisationType).Order()],
        [.. m.AppliesTo.Where(a => a.Required).Select(a => a.OrganisationType).Order()],
        m.MustNotExceed, m.WarningAbove, m.CriticalAbove, m.MaxValue, m.Retired);

    [LoggerMessage(Level = LogLevel.Information, Message = "Measure saved by {Actor}: {Detail}")]
    private static partial void LogSaved(ILogger logger, string detail, string actor);
}
