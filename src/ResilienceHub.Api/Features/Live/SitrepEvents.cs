using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Live;

/// <summary>A new version of a return was stored. Small on purpose: subscribers load what they show.</summary>
public sealed record SitrepChanged(int IncidentId, int SitrepId, int Version);

/// <summary>
/// The live-update bus: writers publish after a successful write; subscriptions watch one incident.
/// Publishing never throws: a lost live update must not fail the write that caused it.
/// </summary>
public interface ISitrepEvents
{
    Task PublishAsync(SitrepChanged change);

    IObservable<SitrepChanged> Changes(int incidentId);
}

/// <summary>The bus within one process (the default, and a single instance's whole story).</summary>
public sealed class InProcessSitrepEvents(SitrepEventHub hub) : ISitrepEvents
{
    public Task PublishAsync(SitrepChanged change)
    {
        hub.Deliver(change);
        return Task.CompletedTask;
    }

    public IObservable<SitrepChanged> Changes(int incidentId) => hub.Changes(incidentId);
}

/// <summary>
/// Hands events to this instance's subscribers, by incident. Counts them too
/// (<c>resiliencehub.subscribers.live</c>), because a subscriber is exactly one observer here.
/// </summary>
public sealed class SitrepEventHub(ResilienceMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, IObserver<SitrepChanged>[]> _observers = [];
    private int _count;

    /// <summary>Subscribers of this instance now.</summary>
    public int Subscribers => Volatile.Read(ref _count);

    public IObservable<SitrepChanged> Changes(int incidentId) => new IncidentChanges(this, incidentId);

    public void Deliver(SitrepChanged change)
    {
        IObserver<SitrepChanged>[]? observers;
        lock (_lock)
        {
            observers = _observers.GetValueOrDefault(change.IncidentId);
        }

        foreach (var observer in observers ?? [])
        {
            observer.OnNext(change);
        }
    }

    private Unsubscriber Add(int incidentId, IObserver<SitrepChanged> observer)
    {
        lock (_lock)
        {
            // Copy on write: delivery walks a snapshot without holding the lock.
            _observers[incidentId] = [.. _observers.GetValueOrDefault(incidentId) ?? [], observer];
            _count++;
        }

        metrics.SubscriberConnected();
        return new Unsubscriber(this, incidentId, observer);
    }

    private void Remove(int incidentId, IObserver<SitrepChanged> observer)
    {
        lock (_lock)
        {
            var remaining = (_observers.GetValueOrDefault(incidentId) ?? []).Where(o => !ReferenceEquals(o, observer)).ToArray();
            if (remaining.Length == 0)
            {
                _observers.Remove(incidentId);
            }
            else
            {
                _observers[incidentId] = remaining;
            }
            _count--;
        }

        metrics.SubscriberDisconnected();
    }

    private sealed class IncidentChanges(SitrepEventHub hub, int incidentId) : IObservable<SitrepChanged>
    {
        public IDisposable Subscribe(IObserver<SitrepChanged> observer) => hub.Add(incidentId, observer);
    }

    private sealed class Unsubscriber(SitrepEventHub hub, int incidentId, IObserver<SitrepChanged> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Remove(incidentId, observer);
            }
        }
    }
}
