using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
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

    public async Task<IncidentLedger> GetAsync(IncidentView incident, ReferenceDataSnapshot catalogue, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(incident.Id, _ => new Entry(IncidentLedger.For(incident.Schedule, catalogue)));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Nothing written anywhere since the last read: one lookup of the versions' highest key, and readers do not wait
        // for each other. (Not on SQL Server, where a lower key may still commit; there the overlap is read every time.)
        var newest = await db.SitrepVersions.MaxAsync(v => (int?)v.Id, cancellationToken) ?? 0;
        if (TailOverlap == 0 && newest <= entry.Ledger.LastVersionRowId)
        {
            return entry.Ledger;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another reader may have folded the tail in while this one waited.
            var ledger = entry.Ledger;
            if (TailOverlap == 0 && newest <= ledger.LastVersionRowId)
            {
                return ledger;
            }

            // Walk the versions written since (of every incident) when they are fewer than this incident's returns.
            var after = ledger.LastVersionRowId - TailOverlap;
            var tail = await SitrepQueries.ReadInBulkAsync(
                db, after > 0 && newest - after < ledger.VersionCount ? Tail(db, incident.Id, after) : IncidentVersions(db, incident.Id, after), cancellationToken);
            // On SQLite every row up to the highest key read before the gate had committed by then, so the tail holds all
            // of this incident's among them and the rows of other incidents need not be walked again.
            entry.Ledger = ledger.Apply(tail.ConvertAll(entry.Texts.Compact), TailOverlap == 0 ? newest : 0);
            return entry.Ledger;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The versions of an incident written after a given row, through the incident's returns.</summary>
    public static IQueryable<SitrepVersion> IncidentVersions(ResilienceDbContext db, int incidentId, int afterVersionRowId) =>
        db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == incidentId && v.Id > afterVersionRowId);

    /// <summary>
    /// The versions of an incident written after a given row, oldest first, walking the versions' key from that row
    /// and checking each one's incident by its return's key. Written as a join on the incident (as above), SQLite
    /// takes the incident's index and visits every return of the incident (about 100,000 at national scale, 65 ms a
    /// request) to find the few new ones.
    /// </summary>
    public static IQueryable<SitrepVersion> Tail(ResilienceDbContext db, int incidentId, int afterVersionRowId) =>
        db.SitrepVersions.Where(v => v.Id > afterVersionRowId && db.Sitreps.Any(s => s.Id == v.SitrepId && s.IncidentId == incidentId));

    private sealed class Entry(IncidentLedger empty)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Used under the gate only.</summary>
        public TextPool Texts { get; } = new();

        // Replaced whole under the gate, read without it: a reader sees the old ledger or the new, never a mix.
        private volatile IncidentLedger _ledger = empty;

        public IncidentLedger Ledger
        {
            get => _ledger;
            set => _ledger = value;
        }
    }
}

/// <summary>
/// Keeps one copy of each text the versions of an incident repeat (the submitters' names; key issues and mitigations
/// carried from one hour's return to the next): the ledger holds every version of the incident for as long as the
/// process runs.
/// </summary>
internal sealed class TextPool
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public SitrepView Compact(SitrepView version) => version with
    {
        SubmittedBy = Share(version.SubmittedBy)!,
        OnBehalfOf = Share(version.OnBehalfOf),
        KeyIssues = Share(version.KeyIssues),
        Mitigations = Share(version.Mitigations),
        SupportRequested = Share(version.SupportRequested),
        AmendmentReason = Share(version.AmendmentReason),
    };

    private string? Share(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!_texts.TryGetValue(text, out var shared))
        {
            _texts[text] = shared = text;
        }

        return shared;
    }
}
