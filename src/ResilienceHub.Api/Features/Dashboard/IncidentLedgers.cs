using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Keeps each incident's ledger current by reading the tail of the append-only log of versions:
/// a request costs one query for whatever arrived since the last one, not a scan of the history.
/// </summary>
public sealed class IncidentLedgers(IDbContextFactory<ResilienceDbContext> contexts, DatabaseInfo database)
{
    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    // SQL Server may commit identity values out of order, so a short stretch of the tail is read again;
    // SQLite commits one writer at a time, in order.
    private int TailOverlap => database.Provider == DatabaseProvider.SqlServer ? 64 : 0;

    public async Task<IncidentLedger> GetAsync(IncidentView incident, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(incident.Id, _ => new Entry(IncidentLedger.For(incident.Schedule)));
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var tail = await Tail(db, incident.Id, entry.Ledger.LastVersionRowId - TailOverlap).ToListAsync(cancellationToken);
            entry.Ledger = entry.Ledger.Apply(tail);
            return entry.Ledger;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The versions of an incident written after a given row, oldest first.</summary>
    public static IQueryable<SitrepView> Tail(ResilienceDbContext db, int incidentId, int afterVersionRowId) =>
        SitrepQueries.Views(db.SitrepVersions
            .Where(v => v.Sitrep!.IncidentId == incidentId && v.Id > afterVersionRowId)
            .OrderBy(v => v.Id));

    private sealed class Entry(IncidentLedger empty)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IncidentLedger Ledger { get; set; } = empty;
    }
}
