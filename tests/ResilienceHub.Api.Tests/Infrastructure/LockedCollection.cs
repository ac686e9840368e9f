using System.Collections.ObjectModel;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>A collection an exporter can add to on its own thread while a test reads snapshots.</summary>
public sealed class LockedCollection<T> : Collection<T>
{
    private readonly Lock gate = new();

    public IReadOnlyList<T> Snapshot()
    {
        lock (gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (gate)
        {
            base.InsertItem(index, item);
        }
    }
}
