using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>Loads the snapshot once and reloads it after a write or when it has aged.</summary>
public sealed class ReferenceDataCache(IDbContextFactory<ResilienceDbContext> contexts, TimeProvider time)
{
    // Another instance may change reference data; a minute is the longest anyone sees the old copy.
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;

    public async ValueTask<ReferenceDataSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = _entry;
        if (entry is not null && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return entry.Snapshot;
        }

        // Two requests may both reload at expiry; the copies are equal, so either may win.
        entry = new Entry(await LoadAsync(cancellationToken), time.GetUtcNow());
        _entry = entry;
        return entry.Snapshot;
    }

    public void Invalidate() => _entry = null;

    private async Task<ReferenceDataSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var organisations = await ReferenceDataQueries.Organisations(db).ToListAsync(cancellationToken);
        var groups = await ReferenceDataQueries.Groups(db).ToListAsync(cancellationToken);
        var measures = await ReferenceDataQueries.Measures(db).ToListAsync(cancellationToken);

        return new ReferenceDataSnapshot(
            organisations,
            groups,
            measures.Select(m => m.ToView()));
    }

    private sealed record Entry(ReferenceDataSnapshot Snapshot, DateTimeOffset LoadedAt);
}
