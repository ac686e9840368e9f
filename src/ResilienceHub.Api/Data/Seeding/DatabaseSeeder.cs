using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Incidents;
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
/// Loads the reference data and the demo incident. Idempotent: reference entries are matched by
/// code and brought in line; an incident that already exists is left exactly as it is.
/// </summary>
public sealed partial class DatabaseSeeder(
    ResilienceDbContext db, IOptions<SeedOptions> options, ReferenceDataCache referenceData, ILogger<DatabaseSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seeds = SeedSet.Load(options.Value.Path, options.Value.Demo);
        var changes = await UpsertReferenceDataAsync(seeds, cancellationToken);
        foreach (var demo in seeds.DemoIncidents)
        {
            // Said every time, so synthetic returns are never mistaken for a deployment's real data.
            LogDemoLoaded(logger, demo.Incident.Reference);
            changes += await AddDemoIncidentAsync(demo, cancellationToken);
        }

        referenceData.Invalidate();
        LogSeeded(logger, options.Value.Path, changes);
    }

    private async Task<int> UpsertReferenceDataAsync(SeedSet seeds, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsTracking().ToDictionaryAsync(o => o.OdsCode, cancellationToken);
        foreach (var seed in seeds.Organisations)
        {
            if (!organisations.TryGetValue(seed.OdsCode, out var organisation))
            {
                organisations[seed.OdsCode] = db.Organisations.Add(seed).Entity;
                continue;
            }

            organisation.Name = seed.Name;
            organisation.Type = seed.Type;
            organisation.IsLocalIdentifier = seed.IsLocalIdentifier;
        }

        var measures = await db.Measures.AsTracking().Include(m => m.AppliesTo).ToDictionaryAsync(m => m.Code, cancellationToken);
        foreach (var seed in seeds.Measures)
        {
            if (!measures.TryGetValue(seed.Code, out var measure))
            {
                db.Measures.Add(seed);
                continue;
            }

            (measure.Name, measure.Unit, measure.Kind, measure.MustNotExceed) = (seed.Name, seed.Unit, seed.Kind, seed.MustNotExceed);
            (measure.WarningAbove, measure.CriticalAbove, measure.SortOrder, measure.MaxValue) = (seed.WarningAbove, seed.CriticalAbove, seed.SortOrder, seed.MaxValue);
            measure.AppliesTo.RemoveAll(a => seed.AppliesTo.All(s => s.OrganisationType != a.OrganisationType));
            foreach (var applicability in seed.AppliesTo)
            {
                var existing = measure.AppliesTo.Find(a => a.OrganisationType == applicability.OrganisationType);
                if (existing is null)
                {
                    measure.AppliesTo.Add(applicability);
                }
                else
                {
                    existing.Required = applicability.Required;
                }
            }
        }

        var changes = await db.SaveChangesAsync(cancellationToken);

        var groups = await db.ResilienceGroups.AsTracking().Include(g => g.Members).ToDictionaryAsync(g => g.Code, cancellationToken);
        foreach (var (seed, memberCodes) in seeds.Groups)
        {
            if (!groups.TryGetValue(seed.Code, out var group))
            {
                group = db.ResilienceGroups.Add(seed).Entity;
            }

            group.Name = seed.Name;
            // Members are only added: a member that an administrator added later is not the seed's to remove.
            foreach (var code in memberCodes)
            {
                var organisationId = organisations[code].Id;
                if (group.Members.All(m => m.OrganisationId != organisationId))
                {
                    group.Members.Add(new GroupMembership { OrganisationId = organisationId });
                }
            }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed data from {Path} loaded: {Changes} row(s) written")]
    private static partial void LogSeeded(ILogger logger, string path, int changes);
}
