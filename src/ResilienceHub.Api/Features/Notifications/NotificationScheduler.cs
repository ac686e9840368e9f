using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>
/// The notifications the clock causes: a return still missing <c>Notifications:ChaseAfter</c> after it fell due (on a
/// replay's clock, scaled by its speed: <see cref="ChaseDelay"/>), and an
/// open action falling due within <c>Notifications:ActionDueWithin</c>. Each decision is keyed by its cause (incident,
/// organisation and period; action and due time), unique in the database, so however many instances decide it, and
/// however often, it is written once.
/// </summary>
public sealed partial class NotificationScheduler(
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    NotificationOutbox outbox,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendsAnything)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScheduleAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, exception);
            }

            // Wall-clock polling, as the sender's; what is due is judged by the injected clock.
            await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public static string OverdueKey(int incidentId, int organisationId, DateTime periodStartsAt) =>
        $"RETURN_OVERDUE:{incidentId}:{organisationId}:{UserErrors.Instant(periodStartsAt)}";

    /// <summary>
    /// How long after a return of this incident falls due it is chased: <c>Notifications:ChaseAfter</c>, or for a replay
    /// that delay on the replay's clock, divided by its speed as its periods and grace are (at ten times, the default
    /// ten minutes is one), so that a played organisation is chased within its period, as it would be in the source's.
    /// </summary>
    public static TimeSpan ChaseDelay(IncidentView incident, TimeSpan chaseAfter) =>
        incident.Schedule.Compression is { Speed: var speed } ? TimeSpan.FromSeconds(Math.Floor(chaseAfter.TotalSeconds / speed)) : chaseAfter;

    /// <summary>
    /// The period whose chase is due now: the latest whose chase time (its due time and <see cref="ChaseDelay"/>) has
    /// passed, while the next period's has not come and it is less than a period old (a chaser for a return long past
    /// helps nobody). The one place the chase time is decided.
    /// </summary>
    public static ReportingPeriod? PeriodToChase(IncidentView incident, DateTime now, TimeSpan chaseAfter)
    {
        var delay = ChaseDelay(incident, chaseAfter);
        var period = incident.Schedule.Periods.LastOrDefault(p => p.DueAt + delay <= now);
        return period is { } p && p.StartsAt != default && now - (p.DueAt + delay) < p.EndsAt - p.StartsAt ? p : null;
    }

    public async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        var incidents = (await IncidentQueries.ListAsync(db, cancellationToken)).Where(i => i.StatusAt(now) == IncidentStatus.Active).ToList();
        foreach (var incident in incidents)
        {
            if (PeriodToChase(incident, now, settings.ChaseAfter) is { } period)
            {
                var sent = (await db.Sitreps.Where(s => s.IncidentId == incident.Id && s.PeriodStartsAt == period.StartsAt).Select(s => s.OrganisationId)
                    .ToListAsync(cancellationToken)).ToHashSet();
                var decided = (await db.Notifications.Where(n => n.IncidentId == incident.Id && n.Topic == NotificationTopic.ReturnOverdue && n.CreatedAt >= period.DueAt)
                    .Select(n => n.CauseKey).Distinct().ToListAsync(cancellationToken)).ToHashSet();
                foreach (var organisationId in incident.ParticipantIds.Where(id => !sent.Contains(id)))
                {
                    var key = OverdueKey(incident.Id, organisationId, period.StartsAt);
                    if (!decided.Contains(key) && catalogue.OrganisationsById.GetValueOrDefault(organisationId) is { } organisation)
                    {
                        await outbox.AddAsync(db, incident, NotificationTexts.ReturnOverdue(incident, organisation, period, outbox.Link), key, [organisationId], null, cancellationToken);
                        await SaveOnceAsync(db, key, cancellationToken);
                    }
                }
            }

            var horizon = now + settings.ActionDueWithin;
            var actions = await db.IncidentActions.AsNoTracking().Include(a => a.Updates)
                .Where(a => a.IncidentId == incident.Id && a.OwnerId != null && a.DueAt != null && a.DueAt > now && a.DueAt <= horizon)
                .ToListAsync(cancellationToken);
            foreach (var action in actions.Where(a => LogQueries.View(a, now).Status == ActionStatus.Open))
            {
                var key = $"ACTION_DUE:{action.Id}:{UserErrors.Instant(action.DueAt!.Value)}";
                if (catalogue.OrganisationsById.GetValueOrDefault(action.OwnerId!.Value) is { } owner
                    && !await db.Notifications.AnyAsync(n => n.CauseKey == key, cancellationToken))
                {
                    await outbox.AddAsync(db, incident, NotificationTexts.ActionDue(incident, owner, action.Number, action.Title, action.DueAt.Value, outbox.Link), key, [owner.Id], null, cancellationToken);
                    await SaveOnceAsync(db, key, cancellationToken);
                }
            }
        }
    }

    private async Task SaveOnceAsync(ResilienceDbContext db, string key, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogScheduled(logger, key);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another instance decided the same cause a moment ago: it is written once, by that one.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications scheduled for {CauseKey}")]
    private static partial void LogScheduled(ILogger logger, string causeKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of scheduling notifications failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
