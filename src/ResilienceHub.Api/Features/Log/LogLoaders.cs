using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;

namespace ResilienceHub.Api.Features.Log;

/// <summary>Log entries by id (the entry a correction corrects, the decision an action carries out), fetched together per request.</summary>
public sealed class LogEntryLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, LogEntry>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LogEntries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
    });

/// <summary>The entry correcting each entry, by the corrected entry's id, whenever it was written: the caller decides if it was seen.</summary>
public sealed class CorrectionLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, LogEntry>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LogQueries.CorrectionsOf(db, ids).ToDictionaryAsync(e => e.CorrectsId!.Value, cancellationToken);
    });
