using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ResilienceHub.Api.Data;

/// <summary>
/// Per-connection SQLite settings, applied whenever EF Core opens a connection (they do not persist in the file).
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private SqliteConnectionSettings()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        // busy_timeout: a writer waiting for the lock is woken by SQLite within milliseconds, rather than failing at
        // once into Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms a try. Same limit as the command timeout.
        // synchronous stays FULL: an acknowledged return must survive a power cut, whatever it costs in throughput.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={TimeoutSeconds(connection) * 1000};");
        return command;
    }

    private static int TimeoutSeconds(DbConnection connection) => connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
}
