using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Exercises;

public sealed class ExerciseOptions
{
    public const string Section = "Exercises";

    /// <summary>Whether this instance injects the returns of running replays (any number of instances may: nothing is injected twice).</summary>
    public bool Inject { get; set; } = true;

    /// <summary>The longest wait between two looks for replays to inject, on the wall clock; an injection due sooner is waited for exactly.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Exercises:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Injects the source's returns into each running replay at their scaled times, through <see cref="SitrepSubmissions"/>
/// as any submission goes (validation, audit, notifications, live updates), by a named exercise identity. Each
/// injected version carries the idempotency key of the source version it repeats, unique per organisation in the
/// database, so a restart, a second pass or a second instance repeats nothing: a retry answers with what was stored.
/// </summary>
public sealed partial class ExerciseInjector(
    IServiceScopeFactory scopes,
    IDbContextFactory<ResilienceDbContext> contexts,
    ReferenceDataCache referenceData,
    TimeProvider time,
    IOptions<ExerciseOptions> options,
    ILogger<ExerciseInjector> logger) : BackgroundService
{
    public const string InjectorName = "Exercise injector";

    private readonly SemaphoreSlim _wake = new(0, 1);

    // Source versions the API refused to inject (e.g. a measure since retired): tried once per instance, not every pass.
    private readonly HashSet<string> _refused = [];

    /// <summary>The idempotency key of the version that repeats source version <paramref name="sourceVersionId"/> in exercise <paramref name="exerciseId"/>.</summary>
    public static string KeyOf(int exerciseId, int sourceVersionId) =>
        string.Create(CultureInfo.InvariantCulture, $"replay:{exerciseId}:{sourceVersionId}");

    /// <summary>Looks again at once (a replay has just started).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another wake got there first: one is enough.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Inject)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            try
            {
                if (await InjectDueAsync(stoppingToken) is { } next)
                {
                    var until = next - time.GetUtcNow().UtcDateTime;
                    wait = until < wait ? (until > TimeSpan.Zero ? until : TimeSpan.Zero) : wait;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, exception);
            }

            // Wall-clock waiting, as the notification scheduler's; what is due is judged by the injected clock.
            await ((Task)_wake.WaitAsync(wait, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Injects every source version whose scaled time has come into every running replay; the next scaled time still to come, if any.</summary>
    public async Task<DateTime?> InjectDueAsync(CancellationToken cancellationToken)
    {
        List<int> running;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            running = await db.Incidents.Where(i => i.ReplayOfId != null && i.StoodDownAt == null).Select(i => i.Id).ToListAsync(cancellationToken);
        }

        DateTime? next = null;
        foreach (var exerciseId in running)
        {
            if (await InjectDueAsync(exerciseId, cancellationToken) is { } after && (next is null || after < next))
            {
                next = after;
            }
        }

        return next;
    }

    private async Task<DateTime?> InjectDueAsync(int exerciseId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if ((await IncidentQueries.ByIdsAsync(db, [exerciseId], cancellationToken)).GetValueOrDefault(exerciseId) is not { ReplayOfId: { } sourceId, Schedule.Compression: { } compression } exercise
            || (await IncidentQueries.ByIdsAsync(db, [sourceId], cancellationToken)).GetValueOrDefault(sourceId) is not { } source)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var played = await db.IncidentParticipants.Where(p => p.IncidentId == exerciseId && p.Played).Select(p => p.OrganisationId).ToListAsync(cancellationToken);
        var injected = (await db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == exerciseId && v.IdempotencyKey != null && v.IdempotencyKey.StartsWith("replay:"))
            .Select(v => v.IdempotencyKey!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // A late first version waits until just after its due time, so the source's versions up to a second beyond now may be due.
        var reached = compression.Unmap(now.AddSeconds(1));
        var pending = (await db.SitrepVersions
                .Where(v => v.Sitrep!.IncidentId == sourceId && !played.Contains(v.OrganisationId) && v.SubmittedAt <= reached)
                .OrderBy(v => v.SubmittedAt).ThenBy(v => v.Version)
                .Select(v => new SourceVersion(v.Id, v.OrganisationId, v.Sitrep!.PeriodStartsAt, v.Sitrep.Late, v.Version, v.SubmittedAt))
                .ToListAsync(cancellationToken))
            .Where(v => !injected.Contains(KeyOf(exerciseId, v.Id)) && !_refused.Contains(KeyOf(exerciseId, v.Id)))
            .ToList();
        var due = new List<(SourceVersion Version, DateTime At)>();
        DateTime? next = null;
        // A correction never arrives before the version it corrects, however the rounding falls.
        var latest = new Dictionary<(int, DateTime), DateTime>();
        foreach (var version in pending.OrderBy(v => v.OrganisationId).ThenBy(v => v.PeriodStartsAt).ThenBy(v => v.Version))
        {
            var at = ReplaySchedule.InjectionAt(source, exercise, version.PeriodStartsAt, version.Version, version.Late, version.SubmittedAt);
            if (latest.TryGetValue((version.OrganisationId, version.PeriodStartsAt), out var previous) && previous > at)
            {
                at = previous;
            }

            latest[(version.OrganisationId, version.PeriodStartsAt)] = at;
            if (at <= now)
            {
                due.Add((version, at));
            }
            else if (next is null || at < next)
            {
                next = at;
            }
        }

        if (next is null)
        {
            // The first source version beyond what was read, if any, sets when to look again.
            var after = await db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == sourceId && !played.Contains(v.OrganisationId) && v.SubmittedAt > reached)
                .OrderBy(v => v.SubmittedAt).Select(v => (DateTime?)v.SubmittedAt).FirstOrDefaultAsync(cancellationToken);
            next = after is { } a ? compression.Map(a) : null;
        }

        if (due.Count == 0)
        {
            return next;
        }

        var catalogue = await referenceData.GetCurrentAsync(cancellationToken);
        var ids = due.Select(d => d.Version.Id).ToList();
        var contents = await db.SitrepVersions.Where(v => ids.Contains(v.Id))
            .Select(v => new
            {
                v.Id, v.OpelLevel, v.CriticalIncidentDeclared, v.KeyIssues, v.Mitigations, v.SupportRequested, v.AmendmentReason, v.Nil,
                Values = v.Values.Select(x => new { x.MeasureId, x.Value }).ToList(),
            })
            .ToDictionaryAsync(v => v.Id, cancellationToken);
        var actor = new Actor($"{InjectorName} ({source.Reference})", [Roles.Director], [], null, $"exercise:{exerciseId}",
            [catalogue.GroupsById[exercise.GroupId].Code]);
        await using var scope = scopes.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<SitrepSubmissions>();
        foreach (var (version, _) in due.OrderBy(d => d.At).ThenBy(d => d.Version.Version).ThenBy(d => d.Version.Id))
        {
            // A stand-down stops the injection at once, mid-pass included.
            if (await db.Incidents.AnyAsync(i => i.Id == exerciseId && i.StoodDownAt != null, cancellationToken))
            {
                return null;
            }

            var content = contents[version.Id];
            var measures = content.Values.Select(v => new MeasureValueInput(catalogue.MeasuresById[v.MeasureId].Code, v.Value)).ToList();
            var key = KeyOf(exerciseId, version.Id);
            var period = ReplaySchedule.PeriodOf(source, exercise, version.PeriodStartsAt);
            SitrepResult result;
            if (version.Version == 1)
            {
                result = await submissions.SubmitAsync(new SubmitSitrepInput(
                    Ids.Format(NodeTypes.Incident, exerciseId), Ids.Format(NodeTypes.Organisation, version.OrganisationId), period.StartsAt,
                    content.OpelLevel, content.CriticalIncidentDeclared, measures, content.KeyIssues, content.Mitigations, content.SupportRequested, key, content.Nil),
                    actor, cancellationToken);
            }
            else if (await db.Sitreps.Where(s => s.IncidentId == exerciseId && s.OrganisationId == version.OrganisationId && s.PeriodStartsAt == period.StartsAt)
                         .Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken) is { } sitrepId)
            {
                result = await submissions.AmendAsync(new AmendSitrepInput(
                    Ids.Format(NodeTypes.Sitrep, sitrepId), version.Version - 1, content.AmendmentReason!, content.OpelLevel, content.CriticalIncidentDeclared,
                    measures, content.KeyIssues, content.Mitigations, content.SupportRequested, key, content.Nil), actor, cancellationToken);
            }
            else
            {
                // Its first version is not in (refused, or still to come this pass): looked at again on the next.
                continue;
            }

            if (result.Errors.Count > 0)
            {
                _refused.Add(key);
                LogRefused(logger, version.Id, exercise.Reference, string.Join(", ", result.Errors.Select(e => e.Code)));
            }
        }

        return next;
    }

    private sealed record SourceVersion(int Id, int OrganisationId, DateTime PeriodStartsAt, bool Late, int Version, DateTime SubmittedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An exercise injection pass failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source version {SourceVersionId} was not injected into exercise {Exercise}: {Codes}")]
    private static partial void LogRefused(ILogger logger, int sourceVersionId, string exercise, string codes);
}
