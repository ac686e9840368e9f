using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>
/// Declaring and standing down incidents. Every problem with a declaration is reported at once; the database's
/// unique reference and a conditional update, not a check beforehand, settle races between two writers.
/// </summary>
public sealed partial class IncidentDeclarations(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    TimeProvider time,
    AuditTrail audit,
    Refusals refusals,
    Notifications.NotificationOutbox outbox,
    ILogger<IncidentDeclarations> logger)
{
    public const string DefaultKind = "OTHER";

    public Task<IncidentResult> DeclareAsync(DeclareIncidentInput input, Actor actor, CancellationToken cancellationToken) =>
        DeclareAsync(input, actor, null, cancellationToken);

    /// <param name="replay">For an exercise replaying another incident: what it replays, and every problem found with that already.</param>
    internal async Task<IncidentResult> DeclareAsync(DeclareIncidentInput input, Actor actor, ReplayPlan? replay, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // Read afresh (declarations are rare): an organisation retired on another instance a moment ago takes no part.
        var catalogue = await referenceData.GetFreshAsync(cancellationToken);
        var errors = new List<UserError>(replay?.Problems ?? []);

        var reference = input.Reference.Trim();
        if (reference.Length == 0)
        {
            errors.Add(new("REFERENCE_REQUIRED", "Give the incident a reference, e.g. NCSRG-2016-04-JDIA.", ["reference"]));
        }

        UserErrors.CheckText(errors, reference, "reference", IncidentLimits.ReferenceMaxLength);
        // Checked here too so a taken reference is reported with every other problem; the unique index still decides races.
        if (reference.Length is > 0 and <= IncidentLimits.ReferenceMaxLength && await IncidentQueries.WithReference(db, reference).AnyAsync(cancellationToken))
        {
            errors.Add(ReferenceTaken(reference));
        }

        var title = input.Title.Trim();
        if (title.Length == 0)
        {
            errors.Add(new("TITLE_REQUIRED", "Give the incident a title that says what is happening.", ["title"]));
        }

        UserErrors.CheckText(errors, title, "title", IncidentLimits.TitleMaxLength);

        var kind = input.Kind ?? DefaultKind;
        if (!IsKind(kind))
        {
            errors.Add(new("INVALID_KIND", $"The kind is a short code of up to {IncidentLimits.KindMaxLength} capital letters, digits and underscores, e.g. INDUSTRIAL_ACTION.", ["kind"]));
        }

        var group = Ids.Parse(input.GroupId, NodeTypes.ResilienceGroup) is { } groupId ? catalogue.GroupsById.GetValueOrDefault(groupId) : null;
        if (group is not null && !actor.Directs(group))
        {
            // Another group answers as one that does not exist; the audit trail keeps what was tried.
            refusals.Forbidden(actor, AuditActions.DeclareIncident, $"Declaration of {reference} for group {group.Code}, outside the caller's groups");
            return new IncidentResult(null, [GroupNotFound(input.GroupId)]);
        }

        if (group is null)
        {
            errors.Add(GroupNotFound(input.GroupId));
        }

        // By default the group's members take part, less the retired; named participants must all be active. Either way
        // they are fixed here: a later change of the group's members changes no incident already declared.
        var participantIds = input.ParticipantIds switch
        {
            null => [.. (group?.MemberIds ?? []).Where(id => catalogue.OrganisationsById.GetValueOrDefault(id)?.Active == true)],
            { Count: > IncidentLimits.MaxParticipants } => [],
            _ => ReadParticipants(errors, input.ParticipantIds, catalogue),
        };
        if (input.ParticipantIds is { Count: 0 } || (input.ParticipantIds is null && group is not null && participantIds.Count == 0))
        {
            errors.Add(new("NO_PARTICIPANTS",
                group is { MemberIds.Count: > 0 } && input.ParticipantIds is null
                    ? $"An incident needs at least one organisation to report to it, and every member of {group.Name} is retired."
                    : "An incident needs at least one organisation to report to it.",
                ["participantIds"]));
        }
        else if ((input.ParticipantIds?.Count ?? participantIds.Count) > IncidentLimits.MaxParticipants)
        {
            errors.Add(new("TOO_MANY_PARTICIPANTS", $"An incident has at most {IncidentLimits.MaxParticipants} participants; {input.ParticipantIds?.Count ?? participantIds.Count} were given.", ["participantIds"]));
        }

        var windows = ReadWindows(errors, input.Windows);
        var allTimesRead = windows.Count == input.Windows.Count;
        // The window checks need every window's times; until they all read, only the zone, cadence and grace are checked.
        errors.AddRange(ReportingSchedule.Validate(input.TimeZone, input.CadenceMinutes, input.GraceMinutes, allTimesRead ? windows : [])
            .Where(p => allTimesRead || p.Field[0] != "windows")
            .Select(p => new UserError(p.Code, p.Message, p.Field)));

        if (errors.Count > 0)
        {
            return Refuse(actor, AuditActions.DeclareIncident, null, errors);
        }

        var incident = new Incident
        {
            Reference = reference,
            Title = title,
            Kind = kind,
            GroupId = group!.Id,
            TimeZone = input.TimeZone,
            CadenceMinutes = input.CadenceMinutes,
            GraceMinutes = input.GraceMinutes,
            Windows = [.. windows.Select(w => new IncidentWindow { Date = w.Date, FirstReportAt = w.FirstReportAt, LastReportAt = w.LastReportAt })],
            Participants = [.. participantIds.Select(id => new IncidentParticipant { OrganisationId = id, Played = replay?.Played.Contains(id) == true })],
            DeclaredAt = now,
            DeclaredBy = actor.Name,
            RequiresSignOff = input.RequiresSignOff ?? false,
            Exercise = replay is not null || input.Exercise == true,
            ReplayOfId = replay?.Source.Id,
            ReplaySpeed = replay?.Speed,
            ReplayStartsAt = replay?.StartsAt,
        };
        db.Incidents.Add(incident);
        var entry = audit.Entry(actor, AuditActions.DeclareIncident, AuditOutcomes.Accepted, detail: replay is null
            ? $"{reference}: {title}{(incident.Exercise ? " (exercise)" : "")}"
            : $"{reference}: {title} (exercise replaying {replay.Source.Reference} at {replay.Speed.ToString(CultureInfo.InvariantCulture)} times its speed)");
        entry.Incident = incident;
        db.AuditEntries.Add(entry);
        var script = new ReportingSchedule(incident.TimeZone, incident.CadenceMinutes, incident.GraceMinutes, windows);
        var schedule = replay is null ? script : ReportingSchedule.Compressed(script, replay.StartsAt, replay.Speed);
        var declared = new IncidentView(0, reference, title, kind, group.Id, schedule, [.. participantIds.Order()], now, null, incident.RequiresSignOff,
            incident.Exercise, incident.ReplayOfId, incident.ReplaySpeed);
        // With the declaration, or not at all; the reference is unique, so it keys the cause.
        await outbox.AddAsync(db, declared, Notifications.NotificationTexts.Declared(declared, outbox.Link), $"INCIDENT_DECLARED:{reference}", participantIds, null, cancellationToken, incident);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another declaration took the reference between the check above and this insert.
            db.ChangeTracker.Clear();
            return await IncidentQueries.WithReference(db, reference).AnyAsync(cancellationToken)
                ? Refuse(actor, AuditActions.DeclareIncident, null, [ReferenceTaken(reference)])
                : throw new InvalidOperationException("A unique key refused the incident, yet its reference is not taken.", exception);
        }

        LogDeclared(logger, incident.Id, reference, incident.Exercise, actor.Name);
        return new IncidentResult(declared with { Id = incident.Id }, []);
    }

    public async Task<IncidentResult> StandDownAsync(string incidentId, Actor actor, CancellationToken cancellationToken)
    {
        if (Ids.Parse(incidentId, NodeTypes.Incident) is not { } id)
        {
            return Refuse(actor, AuditActions.StandDownIncident, null, [IncidentNotFound(incidentId)]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var standing = (await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id);
        if (standing is not null && !actor.Directs(standing, catalogue))
        {
            // Another group's incident answers as one that does not exist; the audit trail keeps what was tried.
            refusals.Forbidden(actor, AuditActions.StandDownIncident, $"Stand-down of {standing.Reference}, outside the caller's groups", standing.Id);
            return new IncidentResult(null, [IncidentNotFound(incidentId)]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        // The stand-down and its audit entry commit together; the strategy retries both on a transient SQL Server fault.
        var changed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Only an incident still standing matches, so of two concurrent stand-downs exactly one changes the row.
            var rows = await IncidentQueries.Standing(db, id).ExecuteUpdateAsync(
                s => s.SetProperty(i => i.StoodDownAt, now).SetProperty(i => i.StoodDownBy, actor.Name), cancellationToken);
            if (rows > 0)
            {
                var entry = audit.Entry(actor, AuditActions.StandDownIncident, AuditOutcomes.Accepted);
                entry.IncidentId = id;
                db.AuditEntries.Add(entry);
                if (standing is not null)
                {
                    await outbox.AddAsync(db, standing, Notifications.NotificationTexts.StoodDown(standing, outbox.Link), $"INCIDENT_STOOD_DOWN:{id}", standing.ParticipantIds, null, cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        });

        var incident = (await IncidentQueries.ByIdsAsync(db, [id], cancellationToken)).GetValueOrDefault(id);
        if (incident is null)
        {
            return Refuse(actor, AuditActions.StandDownIncident, null, [IncidentNotFound(incidentId)]);
        }

        if (changed > 0)
        {
            LogStoodDown(logger, incident.Id, incident.Reference, actor.Name);
        }

        return changed == 0
            ? Refuse(actor, AuditActions.StandDownIncident, incident.Id, [new UserError("ALREADY_STOOD_DOWN", $"Incident {incident.Reference} was already stood down at {UserErrors.Instant(incident.StoodDownAt!.Value)}.", ["incidentId"])])
            : new IncidentResult(incident, []);
    }

    internal IncidentResult Refuse(Actor actor, string action, int? incidentId, List<UserError> errors)
    {
        refusals.Refused(actor, action, errors, incidentId);
        return new IncidentResult(null, errors);
    }

    private static List<int> ReadParticipants(List<UserError> errors, IReadOnlyList<string> ids, ReferenceDataSnapshot catalogue)
    {
        var found = new List<int>();
        for (var index = 0; index < ids.Count; index++)
        {
            if (Ids.Parse(ids[index], NodeTypes.Organisation) is { } id && catalogue.OrganisationsById.TryGetValue(id, out var organisation))
            {
                if (organisation.Active)
                {
                    found.Add(id);
                }
                else
                {
                    errors.Add(new("ORGANISATION_RETIRED", $"{organisation.Name} ({organisation.OdsCode}) is retired, so it takes part in no new incident.", ["participantIds", UserErrors.Index(index)]));
                }
            }
            else
            {
                errors.Add(UserErrors.NoSuchOrganisation(ids[index], catalogue, "participantIds", UserErrors.Index(index)));
            }
        }

        // Naming an organisation twice is harmless; it still takes part once.
        return [.. found.Distinct()];
    }

    /// <summary>The windows whose times both read as "HH:mm"; an INVALID_TIME for each time that does not.</summary>
    private static List<ReportingWindow> ReadWindows(List<UserError> errors, IReadOnlyList<ReportingWindowInput> windows)
    {
        var read = new List<ReportingWindow>();
        for (var index = 0; index < windows.Count; index++)
        {
            var (date, firstText, lastText) = windows[index];
            var first = ReadTime(errors, firstText, index, "firstReportAt");
            var last = ReadTime(errors, lastText, index, "lastReportAt");
            if (first is not null && last is not null)
            {
                read.Add(new ReportingWindow(date, first.Value, last.Value));
            }
        }

        return read;
    }

    private static TimeOnly? ReadTime(List<UserError> errors, string text, int index, string field)
    {
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        errors.Add(new("INVALID_TIME", $"Report times are local 24-hour times written HH:mm, e.g. 08:00 or 17:00; '{text}' is not one.", ["windows", UserErrors.Index(index), field]));
        return null;
    }

    private static bool IsKind(string kind) =>
        kind.Length is > 0 and <= IncidentLimits.KindMaxLength && char.IsAsciiLetterUpper(kind[0])
        && kind.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    private static UserError ReferenceTaken(string reference) =>
        new("REFERENCE_TAKEN", $"The reference {reference} is already used by another incident; choose a different one.", ["reference"]);

    private static UserError GroupNotFound(string id) =>
        new("GROUP_NOT_FOUND", $"There is no resilience group with id '{id}'. Ids are the numbers the API gives: list them with resilienceGroups {{ id code name }}.", ["groupId"]);

    private static UserError IncidentNotFound(string id) => UserErrors.NoSuchIncident(id, "incidentId");


    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} ({Reference}) declared by {Actor}, exercise {Exercise}")]
    private static partial void LogDeclared(ILogger logger, int incidentId, string reference, bool exercise, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} ({Reference}) stood down by {Actor}")]
    private static partial void LogStoodDown(ILogger logger, int incidentId, string reference, string actor);
}
