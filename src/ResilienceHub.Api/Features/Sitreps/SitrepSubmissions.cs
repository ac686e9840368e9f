using System.ComponentModel.DataAnnotations;
using GraphQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Sitreps;

public sealed class SitrepOptions
{
    public const string Section = "Sitreps";

    /// <summary>How long after stand-down a return may still be corrected.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "366.00:00:00", ErrorMessage = "Sitreps:AmendableAfterStandDown must be between {1} and {2}.")]
    public TimeSpan AmendableAfterStandDown { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The last instant a stood-down incident's returns may be corrected or signed off; null while it is not stood down.</summary>
    public DateTime? AmendableUntil(DateTime? stoodDownAt) => stoodDownAt + AmendableAfterStandDown;
}

/// <summary>
/// Submitting, amending and signing off returns. Versions are only ever added; the database's unique keys,
/// not a check before the insert, decide every race between two writers. Scoped: one request's refusals are its own.
/// </summary>
public sealed partial class SitrepSubmissions(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    TimeProvider time,
    IOptions<SitrepOptions> options,
    ResilienceMetrics metrics,
    AuditTrail audit,
    Refusals refusals,
    IIncidentEvents events,
    NotificationOutbox outbox,
    IncidentLedgers ledgers,
    ILogger<SitrepSubmissions> logger)
{
    public async Task<SitrepResult> SubmitAsync(SubmitSitrepInput input, Actor actor, CancellationToken cancellationToken)
    {
        // The catalogue as the database has it: a return is checked by the revisions in force as it is sent.
        var catalogue = await referenceData.GetCurrentAsync(cancellationToken);
        var organisation = Ids.Parse(input.OrganisationId, NodeTypes.Organisation) is { } organisationId ? catalogue.OrganisationsById.GetValueOrDefault(organisationId) : null;
        // Before anything else, a retry's replay included: a reporter learns nothing about another organisation's returns.
        var attempt = new Attempt(actor, AuditActions.SubmitSitrep, null, organisation?.OdsCode);
        if (organisation is not null && !actor.CouldWriteFor(organisation))
        {
            throw Forbidden(attempt, organisation, $"Return for incident {input.IncidentId} at {UserErrors.Instant(input.PeriodStartsAt)}", null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fingerprint = input.Fingerprint();
        if (await ReplayAsync(db, attempt, catalogue, organisation, input.IdempotencyKey, fingerprint, cancellationToken) is { } replay)
        {
            return replay;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new List<UserError>();
        Idempotency.CheckKey(errors, input.IdempotencyKey);

        var incident = await FindIncidentAsync(db, input.IncidentId, cancellationToken);
        attempt = attempt with { IncidentId = incident?.Id };
        if (incident is not null && !actor.MayRead(incident, catalogue))
        {
            // Another group's incident answers as one that does not exist; the audit trail keeps what was tried.
            return OutOfScope(attempt, UserErrors.NoSuchIncident(input.IncidentId, "incidentId"), $"Return for incident {incident.Reference}, outside the caller's groups");
        }

        if (incident is not null && organisation is not null && !actor.MayWriteFor(incident, organisation, catalogue))
        {
            throw Forbidden(attempt, organisation, $"Return for incident {incident.Reference} at {UserErrors.Instant(input.PeriodStartsAt)}", null);
        }

        if (incident is null)
        {
            errors.Add(UserErrors.NoSuchIncident(input.IncidentId, "incidentId"));
        }
        else if (incident.StatusAt(now) == IncidentStatus.StoodDown)
        {
            errors.Add(new("INCIDENT_STOOD_DOWN", $"Incident {incident.Reference} has been stood down; it takes no new returns.", ["incidentId"]));
        }
        else if (incident.StatusAt(now) == IncidentStatus.Planned)
        {
            errors.Add(new("INCIDENT_NOT_ACTIVE", $"Incident {incident.Reference} has not started; its first return opens at {UserErrors.Instant(incident.Schedule.Periods[0].OpensAt)}.", ["incidentId"]));
        }

        if (organisation is null)
        {
            errors.Add(UserErrors.NoSuchOrganisation(input.OrganisationId, catalogue, "organisationId"));
        }
        else if (incident is not null && !incident.ParticipantIds.Contains(organisation.Id))
        {
            errors.Add(new("NOT_A_PARTICIPANT", $"{organisation.Name} does not report to incident {incident.Reference}.", ["organisationId"]));
        }

        var period = incident?.Schedule.FindPeriod(input.PeriodStartsAt);
        if (incident is not null && period is null)
        {
            errors.Add(new("NOT_A_REPORT_TIME", $"{UserErrors.Instant(input.PeriodStartsAt)} is not a report time of incident {incident.Reference}; use one of its periods' startsAt.", ["periodStartsAt"]));
        }
        else if (period is { } open && now < open.OpensAt && incident!.StatusAt(now) == IncidentStatus.Active)
        {
            errors.Add(new("PERIOD_NOT_OPEN", $"The return for {UserErrors.Instant(open.StartsAt)} opens at {UserErrors.Instant(open.OpensAt)}.", ["periodStartsAt"]));
        }

        errors.AddRange(SitrepRules.Validate(input.Content, organisation?.Type, catalogue));
        if (errors.Count == 0)
        {
            errors.AddRange(await RunningTotalProblemsAsync(db, incident!, organisation!.Id, period!.Value, input.Content, catalogue, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return Refuse(attempt, errors);
        }

        var sitrep = new Sitrep
        {
            IncidentId = incident!.Id,
            OrganisationId = organisation!.Id,
            PeriodStartsAt = period!.Value.StartsAt,
            FirstSubmittedAt = now,
            Late = ReturnStatusRules.IsLate(period.Value.DueAt, now),
            CurrentVersion = 1,
            Versions = [NewVersion(1, now, actor, organisation, input.Content, null, input.IdempotencyKey, fingerprint, catalogue)],
        };
        db.Sitreps.Add(sitrep);
        var entry = audit.Entry(actor, AuditActions.SubmitSitrep, AuditOutcomes.Accepted, organisation.OdsCode, $"Return for {UserErrors.Instant(sitrep.PeriodStartsAt)}", now);
        (entry.IncidentId, entry.Sitrep, entry.Version) = (incident.Id, sitrep, 1);
        db.AuditEntries.Add(entry);
        SignOffOwnWrite(db, actor, incident, organisation, sitrep, 1, now);
        if (outbox.Sends)
        {
            // Against the organisation's previous return: OPEL 4 held from one hour to the next is told once.
            var before = await db.Sitreps
                .Where(s => s.IncidentId == incident.Id && s.OrganisationId == organisation.Id && s.PeriodStartsAt < sitrep.PeriodStartsAt)
                .OrderByDescending(s => s.PeriodStartsAt)
                .SelectMany(s => s.Versions.Where(v => v.Version == s.CurrentVersion))
                .Select(v => (ReturnSignals?)new ReturnSignals(v.OpelLevel, v.CriticalIncidentDeclared, v.SupportRequested, v.Nil))
                .FirstOrDefaultAsync(cancellationToken);
            var system = SystemOpel.With(incident, await ledgers.GetAsync(incident, catalogue, cancellationToken), ToView(sitrep, sitrep.Versions[0]), now);
            await ReturnEscalations.AddAsync(outbox, db, incident, organisation, period.Value, ReturnEscalations.Of(input.Content), before, system, 1, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            db.ChangeTracker.Clear();
            if (await ReplayAsync(db, attempt, catalogue, organisation, input.IdempotencyKey, fingerprint, cancellationToken) is { } concurrentReplay)
            {
                return concurrentReplay;
            }

            var existing = await db.Sitreps
                .Where(s => s.IncidentId == sitrep.IncidentId && s.OrganisationId == sitrep.OrganisationId && s.PeriodStartsAt == sitrep.PeriodStartsAt)
                .Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken);
            return existing is { } existingId
                ? Refuse(attempt, [new("ALREADY_SUBMITTED", $"{organisation.Name} has already sent its return for {UserErrors.Instant(sitrep.PeriodStartsAt)} (return {existingId}); amend that return instead.", ["periodStartsAt"])], existingId)
                : throw new InvalidOperationException("A unique key refused the return, yet neither its key nor its period is taken.", exception);
        }

        metrics.ReturnReceived(organisation.Type, sitrep.Late, incident.Exercise);
        LogReturnReceived(logger, sitrep.Id, organisation.OdsCode, incident.Reference, sitrep.PeriodStartsAt, sitrep.Late, actor.Name);
        await events.PublishAsync(new IncidentChange(sitrep.IncidentId, ChangeSubjects.Sitrep, sitrep.Id, 1));
        return new SitrepResult(ToView(sitrep, sitrep.Versions[0]), []);
    }

    public async Task<SitrepResult> AmendAsync(AmendSitrepInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The catalogue as the database has it: a return is checked by the revisions in force as it is sent.
        var catalogue = await referenceData.GetCurrentAsync(cancellationToken);
        var sitrepId = Ids.Parse(input.SitrepId, NodeTypes.Sitrep);
        var current = sitrepId is { } id
            ? await db.Sitreps.Where(s => s.Id == id).SingleOrDefaultAsync(cancellationToken)
            : null;
        var organisation = current is null ? null : catalogue.OrganisationsById[current.OrganisationId];
        var attempt = new Attempt(actor, AuditActions.AmendSitrep, current?.IncidentId, organisation?.OdsCode);
        var incident = current is null ? null : (await FindIncidentAsync(db, current.IncidentId, cancellationToken))!;
        if (incident is not null && !actor.MayRead(incident, catalogue))
        {
            return OutOfScope(attempt, SitrepNotFound(input.SitrepId), $"Correction of return {current!.Id} of incident {incident.Reference}, outside the caller's groups");
        }

        if (incident is not null && !actor.MayWriteFor(incident, organisation!, catalogue))
        {
            throw Forbidden(attempt, organisation!, $"Correction of return {current!.Id}", current);
        }

        var fingerprint = input.Fingerprint();
        if (await ReplayAsync(db, attempt, catalogue, organisation, input.IdempotencyKey, fingerprint, cancellationToken) is { } replay)
        {
            return replay;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new List<UserError>();
        Idempotency.CheckKey(errors, input.IdempotencyKey);

        if (current is null || incident is null)
        {
            return Refuse(attempt, [SitrepNotFound(input.SitrepId)]);
        }

        if (AmendmentWindowClosed(incident, now, "returns could be corrected") is { } closed)
        {
            errors.Add(closed);
        }

        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Add(new("REASON_REQUIRED", "Say why the return is being corrected.", ["reason"]));
        }

        UserErrors.CheckText(errors, input.Reason, "reason", SitrepVersionLimits.ReasonMaxLength, multiline: true);
        var organisationType = organisation!.Type;
        errors.AddRange(SitrepRules.Validate(input.Content, organisationType, catalogue));
        if (errors.Count == 0 && input.ExpectedVersion != current.CurrentVersion)
        {
            errors.Add(Conflict(current.CurrentVersion, input.ExpectedVersion));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(await RunningTotalProblemsAsync(
                db, incident, current.OrganisationId, incident.Schedule.FindPeriod(current.PeriodStartsAt)!.Value, input.Content, catalogue, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return Refuse(attempt, errors);
        }

        var corrected = await db.SitrepVersions.Where(v => v.SitrepId == current.Id && v.Version == current.CurrentVersion)
            .Select(v => new { v.SubmittedAt, Signals = new ReturnSignals(v.OpelLevel, v.CriticalIncidentDeclared, v.SupportRequested, v.Nil) }).SingleAsync(cancellationToken);
        // Stamped no earlier than the version it corrects, whichever instance's clock stamped that one: a replay of any
        // instant sees a return's versions in the order they were written, and no later correction changes what it saw.
        var recordedAt = corrected.SubmittedAt > now ? corrected.SubmittedAt : now;
        var version = NewVersion(current.CurrentVersion + 1, recordedAt, actor, organisation, input.Content, input.Reason.Trim(), input.IdempotencyKey, fingerprint, catalogue);
        version.SitrepId = current.Id;
        db.Attach(current);
        // The version read is the concurrency token: a writer who got there first makes this update match no row.
        current.CurrentVersion = version.Version;
        db.SitrepVersions.Add(version);
        var entry = audit.Entry(actor, AuditActions.AmendSitrep, AuditOutcomes.Accepted, organisation.OdsCode, version.AmendmentReason, recordedAt);
        (entry.IncidentId, entry.SitrepId, entry.Version) = (current.IncidentId, current.Id, version.Version);
        db.AuditEntries.Add(entry);
        SignOffOwnWrite(db, actor, incident, organisation, current, version.Version, recordedAt);
        if (outbox.Sends)
        {
            var system = SystemOpel.With(incident, await ledgers.GetAsync(incident, catalogue, cancellationToken), ToView(current, version), recordedAt);
            await ReturnEscalations.AddAsync(outbox, db, incident, organisation, incident.Schedule.FindPeriod(current.PeriodStartsAt)!.Value, ReturnEscalations.Of(input.Content), corrected.Signals, system, version.Version, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(exception))
        {
            db.ChangeTracker.Clear();
            if (await ReplayAsync(db, attempt, catalogue, organisation, input.IdempotencyKey, fingerprint, cancellationToken) is { } concurrentReplay)
            {
                return concurrentReplay;
            }

            var newest = await db.Sitreps.Where(s => s.Id == current.Id).Select(s => s.CurrentVersion).SingleAsync(cancellationToken);
            return Refuse(attempt, [Conflict(newest, input.ExpectedVersion)]);
        }

        metrics.ReturnAmended(organisationType, incident.Exercise);
        LogReturnAmended(logger, current.Id, version.Version, catalogue.OrganisationsById[current.OrganisationId].OdsCode, incident.Reference, actor.Name);
        await events.PublishAsync(new IncidentChange(current.IncidentId, ChangeSubjects.Sitrep, current.Id, version.Version));
        return new SitrepResult(ToView(current, version), []);
    }

    /// <summary>
    /// Signs off one version of a return: the return's current version, in an incident that requires sign-off, by a
    /// signatory of its organisation. A sign-off is added beside the versions, never written into one; a version
    /// already signed off answers as it stands, storing nothing more.
    /// </summary>
    // A stood-down incident's returns may be corrected (and signed off) for Sitreps:AmendableAfterStandDown, then no more.
    private UserError? AmendmentWindowClosed(IncidentView incident, DateTime now, string couldBe) =>
        incident.StoodDownAt is { } stoodDownAt && options.Value.AmendableUntil(stoodDownAt) is { } until && now > until
            ? new("AMENDMENT_WINDOW_CLOSED", $"Incident {incident.Reference} was stood down on {UserErrors.Instant(stoodDownAt)}; {couldBe} until {UserErrors.Instant(until)}.", ["sitrepId"])
            : null;

    public async Task<SitrepResult> SignOffAsync(string sitrepId, int version, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var current = Ids.Parse(sitrepId, NodeTypes.Sitrep) is { } id ? await db.Sitreps.Where(s => s.Id == id).SingleOrDefaultAsync(cancellationToken) : null;
        var organisation = current is null ? null : catalogue.OrganisationsById[current.OrganisationId];
        var attempt = new Attempt(actor, AuditActions.SignOffSitrep, current?.IncidentId, organisation?.OdsCode);
        var incident = current is null ? null : (await FindIncidentAsync(db, current.IncidentId, cancellationToken))!;
        if (current is null || incident is null)
        {
            return Refuse(attempt, [SitrepNotFound(sitrepId)]);
        }

        if (!actor.MayRead(incident, catalogue))
        {
            return OutOfScope(attempt, SitrepNotFound(sitrepId), $"Sign-off of return {current.Id} of incident {incident.Reference}, outside the caller's groups");
        }

        if (!actor.SignsOffFor(organisation!))
        {
            // The caller may read the return (its own organisation reports to the incident) but vouches only for its own.
            refusals.Forbidden(actor, AuditActions.SignOffSitrep, $"Sign-off of return {current.Id} of {organisation!.OdsCode}", incident.Id, current.Id, organisation.OdsCode);
            return new SitrepResult(null, [new("NOT_A_SIGNATORY",
                $"You sign off returns for {(actor.Organisations.Count == 0 ? "no organisation" : string.Join(", ", actor.Organisations))} only; return {current.Id} is {organisation.Name}'s ({organisation.OdsCode}), for its own signatory to sign off.",
                ["sitrepId"])]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new List<UserError>();
        if (!incident.RequiresSignOff)
        {
            errors.Add(new("SIGN_OFF_NOT_REQUIRED",
                $"Incident {incident.Reference} was declared without sign-off: its returns count as they are sent, and a sign-off would vouch for nothing the dashboard shows.",
                ["sitrepId"]));
        }

        if (AmendmentWindowClosed(incident, now, "its returns could be corrected and signed off") is { } closed)
        {
            errors.Add(closed);
        }

        if (errors.Count == 0 && version != current.CurrentVersion)
        {
            errors.Add(SignOffConflict(current.CurrentVersion, version));
        }

        if (errors.Count > 0)
        {
            return Refuse(attempt, errors);
        }

        if (await AlreadySignedOffAsync(db, current.Id, version, cancellationToken) is { } signedOff)
        {
            return signedOff;
        }

        db.Attach(current);
        // The version read is the concurrency token: an amendment that got there first makes this match no row, so a
        // version is never signed off once it no longer stands.
        db.Entry(current).Property(s => s.CurrentVersion).IsModified = true;
        AddSignOff(db, actor, incident, organisation!, current, version, now, "Signed off");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(exception))
        {
            db.ChangeTracker.Clear();
            if (await AlreadySignedOffAsync(db, current.Id, version, cancellationToken) is { } concurrent)
            {
                return concurrent;
            }

            var newest = await db.Sitreps.Where(s => s.Id == current.Id).Select(s => s.CurrentVersion).SingleAsync(cancellationToken);
            return Refuse(attempt, [SignOffConflict(newest, version)]);
        }

        LogSignedOff(logger, current.Id, version, organisation!.OdsCode, incident.Reference, actor.Name);
        await events.PublishAsync(new IncidentChange(current.IncidentId, ChangeSubjects.SignOff, current.Id, version));
        return new SitrepResult(await SitrepQueries.Views(db.SitrepVersions.Where(v => v.SitrepId == current.Id && v.Version == version)).SingleAsync(cancellationToken), []);
    }

    /// <summary>The version as it stands when it has been signed off already (a retry, or another signatory first).</summary>
    private static async Task<SitrepResult?> AlreadySignedOffAsync(ResilienceDbContext db, int sitrepId, int version, CancellationToken cancellationToken) =>
        await db.SitrepSignOffs.AnyAsync(s => s.SitrepId == sitrepId && s.Version == version, cancellationToken)
            ? new SitrepResult(await SitrepQueries.Views(db.SitrepVersions.Where(v => v.SitrepId == sitrepId && v.Version == version)).SingleAsync(cancellationToken), [])
            : null;

    /// <summary>A signatory's own submission or amendment is signed off as it is sent (an automated feed given the role counts as signed off).</summary>
    private void SignOffOwnWrite(ResilienceDbContext db, Actor actor, IncidentView incident, OrganisationView organisation, Sitrep sitrep, int version, DateTime now)
    {
        if (incident.RequiresSignOff && actor.SignsOffFor(organisation))
        {
            AddSignOff(db, actor, incident, organisation, sitrep, version, now, "Signed off as sent by its signatory");
        }
    }

    /// <summary>The sign-off and its audit entry, added to the write they are saved with.</summary>
    private void AddSignOff(ResilienceDbContext db, Actor actor, IncidentView incident, OrganisationView organisation, Sitrep sitrep, int version, DateTime now, string detail)
    {
        db.SitrepSignOffs.Add(new SitrepSignOff
        {
            IncidentId = incident.Id, Sitrep = sitrep, SitrepId = sitrep.Id, OrganisationId = organisation.Id, Version = version, SignedOffAt = now, SignedOffBy = actor.Name,
        });
        var entry = audit.Entry(actor, AuditActions.SignOffSitrep, AuditOutcomes.Accepted, organisation.OdsCode, $"{detail}: version {version}", now);
        (entry.IncidentId, entry.Sitrep, entry.Version) = (incident.Id, sitrep, version);
        db.AuditEntries.Add(entry);
    }

    private static UserError SignOffConflict(int currentVersion, int version) => new(
        "VERSION_CONFLICT",
        $"This return is now at version {currentVersion}, not {version}: only the version that stands is signed off. Read version {currentVersion}, check its figures and sign that off.",
        ["version"]);

    /// <summary>What one call tried to write, as its refusal is recorded (the incident only once it is known to exist).</summary>
    private readonly record struct Attempt(Actor Actor, string Action, int? IncidentId, string? OdsCode);

    /// <summary>Records a refused attempt to write for an organisation the actor may not write for; the error to refuse it with.</summary>
    private ExecutionError Forbidden(Attempt attempt, OrganisationView organisation, string what, Sitrep? sitrep)
    {
        refusals.Forbidden(attempt.Actor, attempt.Action, what, attempt.IncidentId, sitrep?.Id, organisation.OdsCode);
        var actor = attempt.Actor;
        return new ExecutionError($"You may not write returns for {organisation.Name} ({organisation.OdsCode}); your token is for {(actor.Organisations.Count == 0 ? "no organisation" : string.Join(", ", actor.Organisations))}.")
        {
            Code = AuthorizationError.NotAuthorized,
        };
    }

    /// <summary>A write into an incident outside the caller's scope: answered as if it did not exist, kept in the audit trail as forbidden.</summary>
    private SitrepResult OutOfScope(Attempt attempt, UserError asIfAbsent, string what)
    {
        refusals.Forbidden(attempt.Actor, attempt.Action, what, attempt.IncidentId, onBehalfOf: attempt.OdsCode);
        return new SitrepResult(null, [asIfAbsent]);
    }

    private static UserError SitrepNotFound(string id) => new("SITREP_NOT_FOUND",
        $"There is no return with id '{id}'. A return's id is the one submitSitrep answered with, or find it in incident(id: …) {{ sitreps {{ edges {{ node {{ id }} }} }} }}.",
        ["sitrepId"]);

    private SitrepResult Refuse(Attempt attempt, List<UserError> errors, int? existingSitrepId = null)
    {
        refusals.Refused(attempt.Actor, attempt.Action, errors, attempt.IncidentId, attempt.OdsCode);
        return new SitrepResult(null, errors, existingSitrepId);
    }

    private static UserError Conflict(int currentVersion, int expectedVersion) => new(
        "VERSION_CONFLICT",
        $"This return is now at version {currentVersion}, not {expectedVersion}: someone corrected it first. Read the latest version, check its figures and amend again.",
        ["expectedVersion"]);

    /// <summary>
    /// A retry with a key the organisation already used: the original result when the content matches, else a refusal;
    /// nothing when that version is in an incident the caller may not write in (the write is then refused as such).
    /// </summary>
    private async Task<SitrepResult?> ReplayAsync(
        ResilienceDbContext db, Attempt attempt, ReferenceDataSnapshot catalogue, OrganisationView? organisation, string? key, string fingerprint,
        CancellationToken cancellationToken)
    {
        if (organisation is null || string.IsNullOrEmpty(key) || key.Length > Idempotency.KeyMaxLength)
        {
            return null;
        }

        var stored = await db.SitrepVersions.Where(v => v.OrganisationId == organisation.Id && v.IdempotencyKey == key)
            .Select(v => new { v.Id, v.ContentHash, v.Sitrep!.IncidentId })
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null || await FindIncidentAsync(db, stored.IncidentId, cancellationToken) is not { } incident
            || !attempt.Actor.MayWriteFor(incident, organisation, catalogue))
        {
            return null;
        }

        if (stored.ContentHash != fingerprint)
        {
            return Refuse(attempt, [Idempotency.KeyReused("return or different content")]);
        }

        return new SitrepResult(await SitrepQueries.Views(db.SitrepVersions.Where(v => v.Id == stored.Id)).SingleAsync(cancellationToken), []);
    }

    /// <summary>The organisation's running totals for the day checked against its returns just before and after this period that day.</summary>
    private static async Task<List<UserError>> RunningTotalProblemsAsync(
        ResilienceDbContext db, IncidentView incident, int organisationId, ReportingPeriod period, SitrepContent content, ReferenceDataSnapshot catalogue,
        CancellationToken cancellationToken)
    {
        if (!content.Measures.Any(m => catalogue.MeasuresByCode.GetValueOrDefault(m.Code)?.Kind == MeasureKind.CumulativeDaily))
        {
            return [];
        }

        var day = incident.Schedule.Periods.Where(p => p.LocalDate == period.LocalDate).ToList();
        var returns = await SitrepQueries.OrganisationBetween(db, incident.Id, organisationId, day[0].StartsAt, day[^1].StartsAt).ToListAsync(cancellationToken);
        SameDayReturn? SameDay(SitrepView? other) => other is null ? null
            : new(other.Id, incident.Schedule.LocalTimeOf(other.PeriodStartsAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), other.Measures);
        return SitrepRules.ValidateRunningTotals(content, catalogue,
            SameDay(returns.Where(r => r.PeriodStartsAt < period.StartsAt).MaxBy(r => r.PeriodStartsAt)),
            SameDay(returns.Where(r => r.PeriodStartsAt > period.StartsAt).MinBy(r => r.PeriodStartsAt)));
    }

    private static async Task<IncidentView?> FindIncidentAsync(ResilienceDbContext db, string id, CancellationToken cancellationToken) =>
        Ids.Parse(id, NodeTypes.Incident) is { } incidentId ? await FindIncidentAsync(db, incidentId, cancellationToken) : null;

    private static async Task<IncidentView?> FindIncidentAsync(ResilienceDbContext db, int id, CancellationToken cancellationToken) =>
        (await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id);

    private static SitrepVersion NewVersion(
        int number, DateTime now, Actor actor, OrganisationView organisation, SitrepContent content, string? reason, string? key, string fingerprint, ReferenceDataSnapshot catalogue)
    {
        var version = SitrepVersion.Of(organisation.Id, number, now, actor.Name, actor.OnBehalfOf(organisation.OdsCode), reason, content,
            code => catalogue.MeasuresByCode[code].Id);
        (version.IdempotencyKey, version.ContentHash) = (key, fingerprint);
        return version;
    }

    private static SitrepView ToView(Sitrep sitrep, SitrepVersion version) => new(
        sitrep.Id, sitrep.IncidentId, sitrep.OrganisationId, sitrep.PeriodStartsAt, sitrep.Late, version.Version, sitrep.CurrentVersion,
        version.SubmittedAt, version.SubmittedBy, version.OnBehalfOf, version.OpelLevel, version.CriticalIncidentDeclared,
        version.KeyIssues, version.Mitigations, version.SupportRequested, version.AmendmentReason,
        [.. version.Values.OrderBy(v => v.MeasureId).Select(v => new MeasureValueView(v.MeasureId, v.Value))])
    {
        Nil = version.Nil,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {SitrepId} received from {OdsCode} for incident {Incident}, period {PeriodStartsAt:O}, late {Late}, sent by {Submitter}")]
    private static partial void LogReturnReceived(ILogger logger, int sitrepId, string odsCode, string incident, DateTime periodStartsAt, bool late, string submitter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {SitrepId} version {Version} of {OdsCode} in incident {Incident} signed off by {Signatory}")]
    private static partial void LogSignedOff(ILogger logger, int sitrepId, int version, string odsCode, string incident, string signatory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {SitrepId} amended to version {Version} for {OdsCode} in incident {Incident}, sent by {Submitter}")]
    private static partial void LogReturnAmended(ILogger logger, int sitrepId, int version, string odsCode, string incident, string submitter);
}
