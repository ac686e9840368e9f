using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Data.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The folder holding the seed files; by default the copy beside the executable.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "seeds");

    /// <summary>Whether the demo incident and its synthetic returns are loaded: off unless set (appsettings.Development.json sets it).</summary>
    public bool Demo { get; set; }
}

/// <summary>
/// Loads the reference data and the demo incident. Idempotent, and it never undoes a change made through the API: a
/// seed entry is applied (created, or brought in line, as a revision by <see cref="SeedIdentity"/>) only while the
/// thing it describes was last changed by the seeds; once an admin has changed it through the API the entry is left
/// alone, with one line in the log saying so. An incident that already exists is left exactly as it is.
/// </summary>
public sealed partial class DatabaseSeeder(
    ResilienceDbContext db, IOptions<SeedOptions> options, ReferenceDataCache referenceData, IReferenceDataEvents events, TimeProvider time,
    ILogger<DatabaseSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seeds = SeedSet.Load(options.Value.Path, options.Value.Demo);
        var serving = await db.Organisations.AnyAsync(cancellationToken);
        var changes = await UpsertReferenceDataAsync(seeds, cancellationToken);
        referenceData.Invalidate();
        if (changes > 0)
        {
            // Instances already serving (a seed command run beside them) read the seeds' changes at once.
            await events.PublishAsync(new ReferenceDataChanged(ReferenceDataChanged.Seeds, "*"));
        }

        foreach (var demo in seeds.DemoIncidents)
        {
            // Said every time, so synthetic returns are never mistaken for a deployment's real data.
            LogDemoLoaded(logger, demo.Incident.Reference);
            changes += await AddDemoIncidentAsync(demo, cancellationToken);
        }

        referenceData.Invalidate();
        if (changes > 0 && serving)
        {
            // A change to a database that instances may be serving from (not its first seeding) is kept like any other
            // write, after the seeds' own rows: the audit trail's highest id moves, and answers they share are computed afresh.
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = time.GetUtcNow().UtcDateTime, Actor = SeedIdentity.Name, Roles = "", Action = AuditActions.Seed,
                Outcome = AuditOutcomes.Accepted, Detail = $"{changes} row(s) written from {Path.GetFileName(options.Value.Path)}",
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        LogSeeded(logger, options.Value.Path, changes);
    }

    private async Task<int> UpsertReferenceDataAsync(SeedSet seeds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var organisations = await db.Organisations.AsTracking().ToDictionaryAsync(o => o.OdsCode, cancellationToken);
        foreach (var seed in seeds.Organisations)
        {
            if (!organisations.TryGetValue(seed.OdsCode, out var organisation))
            {
                organisations[seed.OdsCode] = db.Organisations.Add(seed).Entity;
                continue;
            }

            if ((organisation.Name, organisation.Type, organisation.IsLocalIdentifier) == (seed.Name, seed.Type, seed.IsLocalIdentifier))
            {
                continue;
            }

            if (!organisation.ChangedBySeeds)
            {
                LogLeftAlone(logger, SeedSet.OrganisationsFileName, seed.OdsCode, organisation.ChangedBy);
                continue;
            }

            (organisation.Name, organisation.Type, organisation.IsLocalIdentifier) = (seed.Name, seed.Type, seed.IsLocalIdentifier);
        }

        var measures = await db.Measures.AsTracking().Include(m => m.AppliesTo).ToDictionaryAsync(m => m.Code, cancellationToken);
        var latest = await MeasureQueries.LatestChanges(db).ToDictionaryAsync(r => r.MeasureId, r => (r.Revision, r.ChangedBy, r.ChangedBySeeds), cancellationToken);
        var reason = $"Seed file {SeedSet.MeasuresFileName}";
        foreach (var seed in seeds.Measures)
        {
            var wanted = MeasureDefinition.Of(seed);
            if (!measures.TryGetValue(seed.Code, out var measure))
            {
                seed.Revisions.Add(wanted.ToRevision(1, now, SeedIdentity.Name, null, bySeeds: true, reason));
                db.Measures.Add(seed);
                continue;
            }

            var (revision, changedBy, bySeeds) = latest.GetValueOrDefault(measure.Id, (0, SeedIdentity.Name, true));
            if (!bySeeds)
            {
                if (wanted.ChangesFrom(MeasureDefinition.Of(measure)).Count > 0)
                {
                    LogLeftAlone(logger, SeedSet.MeasuresFileName, seed.Code, changedBy);
                }

                continue;
            }

            measure.SortOrder = seed.SortOrder;
            if (wanted.ChangesFrom(MeasureDefinition.Of(measure)).Count == 0)
            {
                continue;
            }

            if (wanted.Kind != measure.Kind && await MeasureQueries.Carried(db, measure.Id).AnyAsync(cancellationToken))
            {
                // The kind of a measure that returns carry is fixed, for the seeds as for an admin.
                LogKindFixed(logger, SeedSet.MeasuresFileName, seed.Code, MeasureKindNames.Contract(measure.Kind));
                continue;
            }

            wanted.ApplyTo(measure);
            measure.Revisions.Add(wanted.ToRevision(revision + 1, now, SeedIdentity.Name, null, bySeeds: true, reason));
        }

        var changes = await db.SaveChangesAsync(cancellationToken);

        var groups = await db.ResilienceGroups.AsTracking().Include(g => g.Members).ToDictionaryAsync(g => g.Code, cancellationToken);
        foreach (var (seed, memberCodes) in seeds.Groups)
        {
            var memberIds = memberCodes.Select(code => organisations[code].Id).ToHashSet();
            if (!groups.TryGetValue(seed.Code, out var group))
            {
                seed.Members = [.. memberIds.Select(id => new GroupMembership { OrganisationId = id })];
                db.ResilienceGroups.Add(seed);
                continue;
            }

            if (group.Name == seed.Name && group.Members.Select(m => m.OrganisationId).ToHashSet().SetEquals(memberIds))
            {
                continue;
            }

            if (!group.ChangedBySeeds)
            {
                LogLeftAlone(logger, SeedSet.GroupsFileName, seed.Code, group.ChangedBy);
                continue;
            }

            // Still the seeds' own: it becomes what the file says, members and all.
            group.Name = seed.Name;
            group.Members.RemoveAll(m => !memberIds.Contains(m.OrganisationId));
            group.Members.AddRange(memberIds.Where(id => group.Members.All(m => m.OrganisationId != id)).Select(id => new GroupMembership { OrganisationId = id }));
        }

        return changes + await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<int> AddDemoIncidentAsync(DemoIncident demo, CancellationToken cancellationToken)
    {
        if (await db.Incidents.AnyAsync(i => i.Reference == demo.Incident.Reference, cancellationToken))
        {
            return 0;
        }

        var organisationIds = await db.Organisations.ToDictionaryAsync(o => o.OdsCode, o => o.Id, cancellationToken);
        var measureIds = await db.Measures.ToDictionaryAsync(m => m.Code, m => m.Id, cancellationToken);
        var incident = demo.Incident;
        incident.GroupId = await db.ResilienceGroups.Where(g => g.Code == demo.GroupCode).Select(g => g.Id).SingleAsync(cancellationToken);
        incident.Participants = [.. demo.ParticipantCodes.Select(code => new IncidentParticipant { OrganisationId = organisationIds[code] })];

        // The incident and its returns land together or not at all (and are retried together on SQL Server).
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Incidents.Add(incident);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var seed in demo.Returns)
            {
                var first = seed.Versions[0];
                db.Sitreps.Add(new Sitrep
                {
                    IncidentId = incident.Id,
                    OrganisationId = organisationIds[seed.OrganisationCode],
                    PeriodStartsAt = seed.PeriodStartsAt,
                    FirstSubmittedAt = first.SubmittedAt,
                    Late = ReturnStatusRules.IsLate(seed.DueAt, first.SubmittedAt),
                    CurrentVersion = seed.Versions.Count,
                    Versions = [.. seed.Versions.Select((version, index) => SitrepVersion.Of(organisationIds[seed.OrganisationCode], index + 1,
                        version.SubmittedAt, version.SubmittedBy, null, version.Reason, version.Content, code => measureIds[code]))],
                });
            }

            var changes = await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return changes;
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:Demo is on: the demo incident {Reference} and its synthetic returns are in this database (invented figures, not real data)")]
    private static partial void LogDemoLoaded(ILogger logger, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed entry {Code} of {File} not applied: {ChangedBy} has changed it through the API since the seeds last did, and the seeds never undo such a change")]
    private static partial void LogLeftAlone(ILogger logger, string file, string code, string changedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed entry {Code} of {File} not applied: returns carry it as a {Kind} measure, and the kind of such a measure never changes")]
    private static partial void LogKindFixed(ILogger logger, string file, string code, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed data from {Path} loaded: {Changes} row(s) written")]
    private static partial void LogSeeded(ILogger logger, string path, int changes);
}
