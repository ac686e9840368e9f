using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Data.Configurations;

/// <summary>
/// What only SQL Server's model has: each version's and each sign-off's <c>rowversion</c>, the key the dashboard's ledger
/// reads the log of versions and of sign-offs by (see <c>IncidentLedgers</c>). Not an <see cref="IEntityTypeConfiguration{TEntity}"/>: the shared model
/// applies every one of those in the assembly, and SQLite, which reads the log by the versions' own key, has no such
/// column. Applied by <see cref="SqlServerResilienceDbContext"/>.
/// </summary>
internal static class SqlServerSitrepVersionConfiguration
{
    /// <summary>The shadow property (and column) holding the version's rowversion, as an unsigned number.</summary>
    public const string RowVersion = "RowVersion";

    public static void Configure(EntityTypeBuilder<SitrepVersion> builder) => Configure<SitrepVersion>(builder);

    /// <summary>Sign-offs are read by the ledger the same way, by the same bound.</summary>
    public static void Configure(EntityTypeBuilder<SitrepSignOff> builder) => Configure<SitrepSignOff>(builder);

    private static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : class
    {
        // Written by the server on insert and read back; not a concurrency token (a version or sign-off is never updated, and the
        // model's one token is the return's CurrentVersion), so no save ever compares it.
        builder.Property<ulong>(RowVersion).HasColumnType("rowversion").ValueGeneratedOnAddOrUpdate();
        // The ledger walks the log's tail by it.
        builder.HasIndex(RowVersion);
    }
}
