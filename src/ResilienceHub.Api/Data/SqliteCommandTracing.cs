using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Data;

/// <summary>
/// One client span per SQLite command, since no OpenTelemetry instrumentation covers Microsoft.Data.Sqlite.
/// The span carries the operation, never the statement or its parameter values.
/// </summary>
internal sealed class SqliteCommandTracing : DbCommandInterceptor
{
    public static readonly SqliteCommandTracing Instance = new();

    private SqliteCommandTracing()
    {
    }

    // Spans are made once a command has ended, from EF Core's own start time and duration, so that no
    // state is carried between events and the ambient Activity.Current is left as it was.
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData, error: null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData, error: null);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData, error: null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData, error: null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData, error: null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData, error: null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Record(command, eventData, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(command, eventData, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Record(DbCommand command, CommandEndEventData eventData, Exception? error)
    {
        var source = ResilienceTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return;
        }

        var operation = OperationOf(command.CommandText);
        using var activity = source.StartActivity(
            operation ?? "sqlite", ActivityKind.Client, parentContext: default, startTime: eventData.StartTime);
        if (activity is null)
        {
            return;
        }

        // Both generations of the semantic-convention names, so that viewers of either recognise the span.
        activity.SetTag("db.system", "sqlite");
        activity.SetTag("db.system.name", "sqlite");
        if (operation is not null)
        {
            activity.SetTag("db.operation", operation);
            activity.SetTag("db.operation.name", operation);
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        activity.SetEndTime((eventData.StartTime + eventData.Duration).UtcDateTime);
    }

    /// <summary>The statement's first keyword (SELECT, INSERT, PRAGMA, …), after any leading comment lines.</summary>
    internal static string? OperationOf(string? sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var endOfLine = text.IndexOf('\n');
            text = endOfLine < 0 ? [] : text[(endOfLine + 1)..].TrimStart();
        }

        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        return length == 0 ? null : text[..length].ToString().ToUpperInvariant();
    }
}
