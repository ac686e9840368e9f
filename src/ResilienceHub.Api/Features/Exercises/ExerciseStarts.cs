using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Exercises;

/// <summary>
/// Starting an exercise that replays a past incident: what is particular to a replay is checked here, then the
/// declaration checks and stores the rest as for any incident, with every problem of both reported at once.
/// </summary>
public sealed class ExerciseStarts(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    TimeProvider time,
    Refusals refusals,
    IncidentDeclarations declarations,
    ExerciseInjector injector)
{
    public async Task<IncidentResult> StartReplayAsync(StartReplayExerciseInput input, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var source = Ids.Parse(input.SourceIncidentId, NodeTypes.Incident) is { } sourceId
            ? (await IncidentQueries.ByIdsAsync(db, [sourceId], cancellationToken)).GetValueOrDefault(sourceId)
            : null;
        var notFound = UserErrors.NoSuchIncident(input.SourceIncidentId, "sourceIncidentId");
        if (source is not null && !actor.Directs(source, catalogue))
        {
            // Another group's incident answers as one that does not exist; the audit trail keeps what was tried.
            refusals.Forbidden(actor, AuditActions.DeclareIncident, $"Replay of {source.Reference} as an exercise, outside the caller's groups", source.Id);
            return new IncidentResult(null, [notFound]);
        }

        if (source is null)
        {
            return declarations.Refuse(actor, AuditActions.DeclareIncident, null, [notFound]);
        }

        var problems = new List<UserError>();
        if (source.ReplayOfId is not null)
        {
            problems.Add(new("REPLAY_OF_A_REPLAY",
                $"{source.Reference} is itself a replay; an exercise replays an incident (or an exercise) one level deep, so replay its source instead.", ["sourceIncidentId"]));
        }

        problems.AddRange(ReplaySpeeds.Check(input.Speed, source.Schedule.CadenceMinutes));
        var startsAt = input.StartsAt ?? now;
        if (startsAt < now)
        {
            problems.Add(new("STARTS_IN_THE_PAST", $"An exercise starts now or later; {UserErrors.Instant(startsAt)} has passed.", ["startsAt"]));
        }

        var played = new HashSet<int>();
        foreach (var (id, index) in (input.PlayedOrganisationIds ?? []).Select((id, i) => (id, i)))
        {
            if (Ids.Parse(id, NodeTypes.Organisation) is not { } organisationId || !catalogue.OrganisationsById.TryGetValue(organisationId, out var organisation))
            {
                problems.Add(UserErrors.NoSuchOrganisation(id, catalogue, "playedOrganisationIds", UserErrors.Index(index)));
            }
            else if (!source.ParticipantIds.Contains(organisationId))
            {
                problems.Add(new("NOT_A_PARTICIPANT", $"{organisation.Name} did not report to {source.Reference}, so there is no part of it to play.", ["playedOrganisationIds", UserErrors.Index(index)]));
            }
            else
            {
                played.Add(organisationId);
            }
        }

        // The exercise keeps the source's schedule as its script, and runs it compressed.
        var declaration = new DeclareIncidentInput(
            input.Reference, input.Title, source.GroupId.ToString(CultureInfo.InvariantCulture), source.Schedule.TimeZoneId, source.Schedule.CadenceMinutes,
            source.Schedule.GraceMinutes,
            [.. source.Schedule.Windows.Select(w => new ReportingWindowInput(w.Date, Local(w.FirstReportAt), Local(w.LastReportAt)))],
            source.Kind, [.. source.ParticipantIds.Select(id => id.ToString(CultureInfo.InvariantCulture))], source.RequiresSignOff, Exercise: true);
        var result = await declarations.DeclareAsync(declaration, actor, new ReplayPlan(source, input.Speed, startsAt, played, problems), cancellationToken);
        if (result.Incident is not null)
        {
            injector.Wake();
        }

        return result;
    }

    private static string Local(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
