using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Notifications;
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
    public DbSet<MeasureRevision> MeasureRevisions => Set<MeasureRevision>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentWindow> IncidentWindows => Set<IncidentWindow>();
    public DbSet<IncidentParticipant> IncidentParticipants => Set<IncidentParticipant>();
    public DbSet<Sitrep> Sitreps => Set<Sitrep>();
    public DbSet<SitrepVersion> SitrepVersions => Set<SitrepVersion>();
    public DbSet<SitrepValue> SitrepValues => Set<SitrepValue>();
    public DbSet<SitrepSignOff> SitrepSignOffs => Set<SitrepSignOff>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LogEntry> LogEntries => Set<LogEntry>();
    public DbSet<IncidentAction> IncidentActions => Set<IncidentAction>();
    public DbSet<ActionUpdate> ActionUpdates => Set<ActionUpdate>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Notification> Notifications => Set<Notification>();

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
    : ResilienceDbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    /// <summary>
    /// SQLite lets one writer in at a time and makes the others poll, sleeping longer at each try (up to 100 ms): that
    /// gave concurrent submissions a long tail. A save of this process waits its turn for its database file here
    /// instead, first come first served, and finds SQLite's lock free. A save inside an explicit transaction does not
    /// queue: its transaction may already hold SQLite's lock, and the writer ahead of it would then wait on it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var turn = Writers.GetOrAdd(Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }
}

public sealed class SqlServerResilienceDbContext(DbContextOptions<SqlServerResilienceDbContext> options)
    : ResilienceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        Configurations.SqlServerSitrepVersionConfiguration.Configure(modelBuilder.Entity<SitrepVersion>());
        Configurations.SqlServerSitrepVersionConfiguration.Configure(modelBuilder.Entity<SitrepSignOff>());
    }
}
