using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Data;

/// <summary>
/// The one model for both providers. Each provider has a derived context only so that its
/// migration set can be found; see <see cref="SqliteResilienceDbContext"/>.
/// </summary>
public abstract class ResilienceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<ResilienceGroup> ResilienceGroups => Set<ResilienceGroup>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<MeasureApplicability> MeasureApplicabilities => Set<MeasureApplicability>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentWindow> IncidentWindows => Set<IncidentWindow>();
    public DbSet<IncidentParticipant> IncidentParticipants => Set<IncidentParticipant>();
    public DbSet<Sitrep> Sitreps => Set<Sitrep>();
    public DbSet<SitrepVersion> SitrepVersions => Set<SitrepVersion>();
    public DbSet<SitrepValue> SitrepValues => Set<SitrepValue>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ResilienceDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC and come back marked as UTC on both providers.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<OrganisationType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MeasureKind>().HaveConversion<string>().HaveMaxLength(32);
    }
}

public sealed class SqliteResilienceDbContext(DbContextOptions<SqliteResilienceDbContext> options)
    : ResilienceDbContext(options);

public sealed class SqlServerResilienceDbContext(DbContextOptions<SqlServerResilienceDbContext> options)
    : ResilienceDbContext(options);
