using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>
/// The versions live updates announce, read once for all subscribers of an instance: a version is
/// never changed, and a burst seen by hundreds of subscribers would otherwise be read hundreds of times.
/// </summary>
public sealed class RecentSitrepVersions(IDbContextFactory<ResilienceDbContext> contexts)
{
    private const int Capacity = 256;
    private readonly ConcurrentDictionary<(int SitrepId, int Version), Lazy<Task<SitrepView>>> _versions = new();
    private readonly ConcurrentQueue<(int, int)> _order = new();

    public Task<SitrepView> GetAsync(int sitrepId, int version)
    {
        var key = (sitrepId, version);
        var entry = _versions.GetOrAdd(key, _ => new Lazy<Task<SitrepView>>(() => LoadAsync(sitrepId, version)));
        if (entry.IsValueCreated && entry.Value.IsFaulted)
        {
            _versions.TryRemove(new KeyValuePair<(int, int), Lazy<Task<SitrepView>>>(key, entry));
        }
        else if (!entry.IsValueCreated)
        {
            _order.Enqueue(key);
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _versions.TryRemove(oldest, out _);
            }
        }

        return entry.Value;
    }

    // Not cancelled with one subscriber's request: the read is shared by all of them.
    private async Task<SitrepView> LoadAsync(int sitrepId, int version)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await SitrepQueries.Views(db.SitrepVersions.Where(v => v.SitrepId == sitrepId && v.Version == version)).SingleAsync();
    }
}
