using System.Globalization;
using ResilienceHub.GraphQL.AspNetCore.Sharing;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Live;

/// <summary>What in an incident changed; a subscriber asks for the subjects it shows.</summary>
[Flags]
public enum ChangeSubjects
{
    /// <summary>A return's new version (a submission or an amendment).</summary>
    Sitrep = 1,

    /// <summary>A new entry in the decision log (a correction included).</summary>
    LogEntry = 2,

    /// <summary>An action raised or updated.</summary>
    Action = 4,

    /// <summary>A version of a return signed off.</summary>
    SignOff = 8,
}

/// <summary>
/// Something in an incident was stored: <see cref="Id"/> at <see cref="Version"/> (a return's version, an action's version,
/// 1 for a log entry). Small on purpose: subscribers load what they show, and those who see the same things share one
/// execution of the same subscription for it.
/// </summary>
public sealed record IncidentChange(int IncidentId, ChangeSubjects Subject, int Id, int Version) : ISharedEvent
{
    public string SharingKey => string.Create(CultureInfo.InvariantCulture, $"{IncidentId}/{Subject}/{Id}/{Version}");
}

/// <summary>
/// Something in an incident changed, where what is shown is the incident as it stands now (a dashboard of now), not the
/// change: every such event of one incident is executed once per data version for all who see the same things.
/// </summary>
public sealed record IncidentNow(int IncidentId) : ISharedEvent
{
    public string SharingKey => string.Create(CultureInfo.InvariantCulture, $"{IncidentId}/now");
}

/// <summary>
/// The live-update bus: writers publish after a successful write; subscriptions watch some subjects of one incident.
/// Publishing never throws: a lost live update must not fail the write that caused it.
/// </summary>
public interface IIncidentEvents
{
    Task PublishAsync(IncidentChange change);

    IObservable<IncidentChange> Changes(int incidentId, ChangeSubjects subjects);
}

/// <summary>The bus within one process (the default, and a single instance's whole story).</summary>
public sealed class InProcessIncidentEvents(IncidentEventHub hub) : IIncidentEvents
{
    public Task PublishAsync(IncidentChange change)
    {
        hub.Deliver(change);
        return Task.CompletedTask;
    }

    public IObservable<IncidentChange> Changes(int incidentId, ChangeSubjects subjects) => hub.Changes(incidentId, subjects);
}

/// <summary>
/// Hands events to this instance's subscribers, by incident. Counts them too
/// (<c>resiliencehub.subscribers.live</c>), because a subscriber is exactly one observer here.
/// </summary>
public sealed class IncidentEventHub(ResilienceMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, IObserver<IncidentChange>[]> _observers = [];
    private int _count;

    /// <summary>Subscribers of this instance now.</summary>
    public int Subscribers => Volatile.Read(ref _count);

    public IObservable<IncidentChange> Changes(int incidentId, ChangeSubjects subjects) => new IncidentChanges(this, incidentId, subjects);

    public void Deliver(IncidentChange change)
    {
        IObserver<IncidentChange>[]? observers;
        lock (_lock)
        {
            observers = _observers.GetValueOrDefault(change.IncidentId);
        }

        foreach (var observer in observers ?? [])
        {
            observer.OnNext(change);
        }
    }

    private Unsubscriber Add(int incidentId, IObserver<IncidentChange> observer)
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

    private void Remove(int incidentId, IObserver<IncidentChange> observer)
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

    private sealed class IncidentChanges(IncidentEventHub hub, int incidentId, ChangeSubjects subjects) : IObservable<IncidentChange>
    {
        public IDisposable Subscribe(IObserver<IncidentChange> observer) => hub.Add(incidentId, new Filtered(observer, subjects));
    }

    private sealed class Filtered(IObserver<IncidentChange> observer, ChangeSubjects subjects) : IObserver<IncidentChange>
    {
        public void OnNext(IncidentChange value)
        {
            if ((value.Subject & subjects) != 0)
            {
                observer.OnNext(value);
            }
        }

        public void OnError(Exception error) => observer.OnError(error);

        public void OnCompleted() => observer.OnCompleted();
    }

    private sealed class Unsubscriber(IncidentEventHub hub, int incidentId, IObserver<IncidentChange> observer) : IDisposable
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
