using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Log;

/// <summary>
/// Writing the incident's decision log. An entry is only ever added: its number is the incident's next, and the
/// database's unique keys (number, idempotency key, the entry corrected) settle every race between two writers, the
/// loser trying the next number. Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class DecisionLog(
    IDbContextFactory<ResilienceDbContext> contexts, ReferenceDataCache referenceData, TimeProvider time, AuditTrail audit, Refusals refusals,
    IIncidentEvents events, ILogger<DecisionLog> logger)
{
    public async Task<LogEntryResult> RecordAsync(RecordLogEntryInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await DirectedIncidentAsync(db, input.IncidentId, actor, AuditActions.RecordLogEntry, cancellationToken);
        if (incident is null)
        {
            return Refused(actor, AuditActions.RecordLogEntry, null, UserErrors.NoSuchIncident(input.IncidentId, "incidentId"));
        }

        var fingerprint = Idempotency.Fingerprint(["record", Ids.Canonical(input.IncidentId, NodeTypes.Incident), input.Kind.ToString(), input.Summary, input.Rationale, input.DecisionMaker,
            input.OccurredAt?.Ticks.ToString(CultureInfo.InvariantCulture), input.DelayReason, input.BasedOnAsOf?.Ticks.ToString(CultureInfo.InvariantCulture),
            .. input.OptionsConsidered ?? []]);
        if (await ReplayAsync(db, incident.Id, input.IdempotencyKey, fingerprint, actor, AuditActions.RecordLogEntry, cancellationToken) is { } replay)
        {
            return replay;
        }

        var errors = LogRules.ValidateEntry(input.Summary, input.Rationale, input.OptionsConsidered, input.DecisionMaker, input.OccurredAt,
            input.DelayReason, input.BasedOnAsOf, time.GetUtcNow().UtcDateTime);
        Idempotency.CheckKey(errors, input.IdempotencyKey);
        if (errors.Count > 0)
        {
            return Refused(actor, AuditActions.RecordLogEntry, incident.Id, [.. errors]);
        }

        var entry = new LogEntry
        {
            IncidentId = incident.Id, Kind = input.Kind, Summary = input.Summary.Trim(), Rationale = Trimmed(input.Rationale),
            OptionsConsidered = [.. (input.OptionsConsidered ?? []).Select(o => o.Trim())], DecisionMaker = Trimmed(input.DecisionMaker),
            RecordedBy = actor.Name, DelayReason = Trimmed(input.DelayReason), IdempotencyKey = input.IdempotencyKey, ContentHash = fingerprint,
        };
        var stamp = (LogEntry e, DateTime now) =>
        {
            e.RecordedAt = now;
            e.OccurredAt = input.OccurredAt ?? now;
            e.BasedOnAsOf = input.BasedOnAsOf ?? e.OccurredAt;
        };
        return await AddAsync(db, entry, stamp, actor, AuditActions.RecordLogEntry, cancellationToken);
    }

    public async Task<LogEntryResult> CorrectAsync(CorrectLogEntryInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var corrected = Ids.Parse(input.EntryId) is { } entryId ? await db.LogEntries.SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken) : null;
        var incident = corrected is null ? null : await DirectedIncidentAsync(db, Ids.Format(corrected.IncidentId), actor, AuditActions.CorrectLogEntry, cancellationToken);
        if (corrected is null || incident is null)
        {
            return Refused(actor, AuditActions.CorrectLogEntry, null, EntryNotFound(input.EntryId));
        }

        var fingerprint = Idempotency.Fingerprint(["correct", input.EntryId, input.Reason, input.Summary, input.Rationale, input.DecisionMaker,
            input.OccurredAt?.Ticks.ToString(CultureInfo.InvariantCulture), input.DelayReason, .. input.OptionsConsidered ?? []]);
        if (await ReplayAsync(db, incident.Id, input.IdempotencyKey, fingerprint, actor, AuditActions.CorrectLogEntry, cancellationToken) is { } replay)
        {
            return replay;
        }

        // A correction is of what was recorded: by default it keeps the time and the dashboard the entry had, and its
        // reason explains the delay that correcting implies.
        var occurredAt = input.OccurredAt ?? corrected.OccurredAt;
        var errors = LogRules.ValidateEntry(input.Summary, input.Rationale, input.OptionsConsidered, input.DecisionMaker, occurredAt,
            input.DelayReason ?? input.Reason, basedOnAsOf: null, time.GetUtcNow().UtcDateTime);
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Add(new("REASON_REQUIRED", "Say why the entry is corrected; the entry itself stays as it was written.", ["reason"]));
        }

        UserErrors.CheckText(errors, input.Reason, "reason", LogLimits.ReasonMaxLength, multiline: true);
        Idempotency.CheckKey(errors, input.IdempotencyKey);
        if (await CorrectionOfAsync(db, corrected.Id, cancellationToken) is { } correction)
        {
            errors.Add(AlreadyCorrected(corrected.Number, correction));
        }

        if (errors.Count > 0)
        {
            return Refused(actor, AuditActions.CorrectLogEntry, incident.Id, [.. errors]);
        }

        var entry = new LogEntry
        {
            IncidentId = incident.Id, Kind = corrected.Kind, Summary = input.Summary.Trim(), Rationale = Trimmed(input.Rationale),
            OptionsConsidered = [.. (input.OptionsConsidered ?? []).Select(o => o.Trim())], DecisionMaker = Trimmed(input.DecisionMaker),
            OccurredAt = occurredAt, RecordedBy = actor.Name, DelayReason = Trimmed(input.DelayReason),
            BasedOnAsOf = corrected.BasedOnAsOf, CorrectsId = corrected.Id, CorrectionReason = input.Reason.Trim(),
            IdempotencyKey = input.IdempotencyKey, ContentHash = fingerprint,
        };
        return await AddAsync(db, entry, (e, now) => e.RecordedAt = now, actor, AuditActions.CorrectLogEntry, cancellationToken);
    }

    /// <summary>
    /// Adds the entry under the incident's next number, with its audit entry; a lost race for the number tries the next.
    /// The time is taken after the number is read, so that a higher number is never recorded earlier and the log at any
    /// instant has no gaps.
    /// </summary>
    private async Task<LogEntryResult> AddAsync(
        ResilienceDbContext db, LogEntry entry, Action<LogEntry, DateTime> stamp, Actor actor, string action, CancellationToken cancellationToken)
    {
        while (true)
        {
            entry.Number = (await LogQueries.EntryNumbers(db, entry.IncidentId).MaxAsync(n => (int?)n, cancellationToken) ?? 0) + 1;
            stamp(entry, time.GetUtcNow().UtcDateTime);
            var audited = audit.Entry(actor, action, AuditOutcomes.Accepted, detail: $"Log entry {entry.Number}{(entry.CorrectsId is null ? "" : " (a correction)")}: {entry.Summary}");
            audited.IncidentId = entry.IncidentId;
            db.LogEntries.Add(entry);
            db.AuditEntries.Add(audited);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogRecorded(logger, entry.Number, entry.IncidentId, actor.Name);
                await events.PublishAsync(new IncidentChange(entry.IncidentId, ChangeSubjects.LogEntry, entry.Id, 1));
                return new LogEntryResult(LogQueries.View(entry, entry.RecordedAt), []);
            }
            catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
            {
                db.ChangeTracker.Clear();
                entry.Id = 0;
                // Which key was taken decides the answer: the same retry, the same entry corrected, or only the number.
                if (await ReplayAsync(db, entry.IncidentId, entry.IdempotencyKey, entry.ContentHash!, actor, action, cancellationToken) is { } replay)
                {
                    return replay;
                }

                if (entry.CorrectsId is { } correctsId && await CorrectionOfAsync(db, correctsId, cancellationToken) is { } correction)
                {
                    var number = await db.LogEntries.Where(e => e.Id == correctsId).Select(e => e.Number).SingleAsync(cancellationToken);
                    return Refused(actor, action, entry.IncidentId, AlreadyCorrected(number, correction));
                }
            }
        }
    }

    /// <summary>The incident, if the caller directs it; another group's answers as absent, and the attempt is kept as forbidden.</summary>
    private async Task<IncidentView?> DirectedIncidentAsync(ResilienceDbContext db, string incidentId, Actor actor, string action, CancellationToken cancellationToken)
    {
        var incident = Ids.Parse(incidentId, NodeTypes.Incident) is { } id ? (await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id) : null;
        if (incident is not null && !actor.Directs(incident, await referenceData.GetAsync(cancellationToken)))
        {
            refusals.Forbidden(actor, action, $"Log of incident {incident.Reference}, outside the caller's groups", incident.Id);
            return null;
        }

        return incident;
    }

    private async Task<LogEntryResult?> ReplayAsync(
        ResilienceDbContext db, int incidentId, string? key, string fingerprint, Actor actor, string action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || await db.LogEntries.SingleOrDefaultAsync(e => e.IncidentId == incidentId && e.IdempotencyKey == key, cancellationToken) is not { } stored)
        {
            return null;
        }

        return stored.ContentHash == fingerprint
            ? new LogEntryResult(LogQueries.View(stored, time.GetUtcNow().UtcDateTime), [])
            : Refused(actor, action, incidentId, Idempotency.KeyReused("entry"));
    }

    private static Task<LogEntry?> CorrectionOfAsync(ResilienceDbContext db, int entryId, CancellationToken cancellationToken) =>
        db.LogEntries.SingleOrDefaultAsync(e => e.CorrectsId == entryId, cancellationToken);

    private LogEntryResult Refused(Actor actor, string action, int? incidentId, params UserError[] errors)
    {
        refusals.Refused(actor, action, errors, incidentId);
        return new LogEntryResult(null, errors);
    }

    private static UserError AlreadyCorrected(int number, LogEntry correction) => new(
        "ALREADY_CORRECTED",
        $"Entry {number} was already corrected by entry {correction.Number} (id {Ids.Format(correction.Id)}); correct that entry to go on.",
        ["entryId"]);

    private static UserError EntryNotFound(string id) => new("ENTRY_NOT_FOUND", $"There is no log entry with id '{id}' in an incident you direct.", ["entryId"]);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Log entry {Number} of incident {IncidentId} recorded by {Actor}")]
    private static partial void LogRecorded(ILogger logger, int number, int incidentId, string actor);
}
