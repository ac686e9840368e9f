using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>
/// Loads the snapshot once and reloads it after a change or when it has aged. A save on this instance invalidates it
/// at once; a save on another reaches it as a "reference data changed" event on the live-update bus
/// (<see cref="Live.IReferenceDataEvents"/>), which invalidates it on receipt. A write that validates against the
/// catalogue does not rely on the event: <see cref="GetCurrentAsync"/> asks the database whether it moved.
/// </summary>
public sealed class ReferenceDataCache(IDbContextFactory<ResilienceDbContext> contexts, TimeProvider time)
{
    // The longest a read sees an old copy when an event is lost (Redis away, or several instances without it).
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;
    private int _generation;

    /// <summary>The copy in memory, for reads: fresh after any change on this instance, and on others once the event arrives.</summary>
    public async ValueTask<ReferenceDataSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = _entry;
        if (entry is not null && entry.Generation == Volatile.Read(ref _generation) && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return entry.Snapshot;
        }

        return (await ReloadAsync(cancellationToken)).Snapshot;
    }

    /// <summary>
    /// The copy in memory once the database's catalogue stamp says it holds every revision there is (one small query),
    /// reloaded first when not: a return is validated by the revisions in force when it is sent, whichever instance
    /// took them and whether or not their event has arrived.
    /// </summary>
    public async ValueTask<ReferenceDataSnapshot> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await GetAsync(cancellationToken);
        var entry = _entry;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return entry?.Snapshot == snapshot && await StampAsync(db, cancellationToken) == entry.Stamp
            ? snapshot
            : (await ReloadAsync(cancellationToken)).Snapshot;
    }

    /// <summary>Everything read from the database now: for the rare writes that decide on organisations and groups.</summary>
    public async ValueTask<ReferenceDataSnapshot> GetFreshAsync(CancellationToken cancellationToken = default) =>
        (await ReloadAsync(cancellationToken)).Snapshot;

    /// <summary>
    /// Until when the copy in memory is given to reads without asking the database (another instance's change may not
    /// be in it until then): an answer shared from it holds no longer.
    /// </summary>
    public DateTimeOffset CopyHoldsUntil => (_entry?.LoadedAt ?? time.GetUtcNow()) + MaxAge;

    /// <summary>Moves on at each invalidation: what was computed from an earlier copy is not to be given again.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The next request reads the reference data afresh.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private async Task<Entry> ReloadAsync(CancellationToken cancellationToken)
    {
        // A load started before an invalidation may have read the old data: it is kept under the generation it began
        // in, so the next request loads again. Two requests may both reload at expiry; the copies are equal.
        var generation = Volatile.Read(ref _generation);
        var entry = await LoadAsync(generation, cancellationToken);
        _entry = entry;
        return entry;
    }

    private async Task<Entry> LoadAsync(int generation, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The stamp first: a revision committed while the rest is read makes the copy newer than its stamp, never older.
        var stamp = await StampAsync(db, cancellationToken);
        var organisations = await ReferenceDataQueries.Organisations(db).ToListAsync(cancellationToken);
        var groups = await ReferenceDataQueries.Groups(db).ToListAsync(cancellationToken);
        var measures = await ReferenceDataQueries.Measures(db).ToListAsync(cancellationToken);
        var revisions = await ReferenceDataQueries.Revisions(db).ToListAsync(cancellationToken);

        var snapshot = new ReferenceDataSnapshot(
            organisations,
            groups,
            measures.Select(m => m.ToView()),
            revisions.Select(r => r.ToView()));
        return new Entry(snapshot, time.GetUtcNow(), generation, stamp);
    }

    private static async Task<CatalogueStamp> StampAsync(ResilienceDbContext db, CancellationToken cancellationToken) =>
        await ReferenceDataQueries.CatalogueStamp(db).SingleOrDefaultAsync(cancellationToken) ?? CatalogueStamp.Empty;

    private sealed record Entry(ReferenceDataSnapshot Snapshot, DateTimeOffset LoadedAt, int Generation, CatalogueStamp Stamp);
}
