using Microsoft.EntityFrameworkCore;

namespace ResilienceHub.Api.Data;

/// <summary>Brings the database up to the model: at start-up and by the <c>migrate</c> command.</summary>
public sealed partial class DatabaseMigrator(ResilienceDbContext db, DatabaseInfo database, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // Readers never wait for the writer in WAL mode; the setting persists in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, database.Provider, pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated on {Provider}: {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider, int count);
}
