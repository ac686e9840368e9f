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

    /// <summary>
    /// The incident as it stands now, after each change of <paramref name="subjects"/>: at most one event per
    /// <paramref name="interval"/> (the last of a burst), one timer and one event for every subscriber on this instance.
    /// </summary>
    IObservable<IncidentNow> Now(int incidentId, ChangeSubjects subjects, TimeSpan interval);
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

    public IObservable<IncidentNow> Now(int incidentId, ChangeSubjects subjects, TimeSpan interval) => hub.Now(incidentId, subjects, interval);
}

/// <summary>
/// Hands events to this instance's subscribers, by incident, and counts them (<c>resiliencehub.subscribers.live</c>).
/// The subscribers of an incident's "now" at one interval share one coalescing timer and are handed one
/// <see cref="IncidentNow"/> per burst, so that a change costs one timer and one execution, not one per subscriber.
/// </summary>
public sealed class IncidentEventHub(ResilienceMetrics metrics, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, IObserver<IncidentChange>[]> _observers = [];
    private readonly Dictionary<(int IncidentId, ChangeSubjects Subjects, TimeSpan Interval), NowGroup> _now = [];
    private int _count;

    /// <summary>Subscribers of this instance now.</summary>
    public int Subscribers => Volatile.Read(ref _count);

    public IObservable<IncidentChange> Changes(int incidentId, ChangeSubjects subjects) =>
        new Stream<IncidentChange>(observer => Counted(Watch(incidentId, subjects, observer)));

    public IObservable<IncidentNow> Now(int incidentId, ChangeSubjects subjects, TimeSpan interval) =>
        new Stream<IncidentNow>(observer => Counted(Join((incidentId, subjects, interval), observer)));

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

    // The changes of some subjects of an incident, uncounted: a subscriber, or the group of a "now".
    private Leaving Watch(int incidentId, ChangeSubjects subjects, IObserver<IncidentChange> observer)
    {
        var filtered = new Filtered(observer, subjects);
        lock (_lock)
        {
            // Copy on write: delivery walks a snapshot without holding the lock.
            _observers[incidentId] = [.. _observers.GetValueOrDefault(incidentId) ?? [], filtered];
        }

        return new Leaving(() =>
        {
            lock (_lock)
            {
                var remaining = (_observers.GetValueOrDefault(incidentId) ?? []).Where(o => !ReferenceEquals(o, filtered)).ToArray();
                if (remaining.Length == 0)
                {
                    _observers.Remove(incidentId);
                }
                else
                {
                    _observers[incidentId] = remaining;
                }
            }
        });
    }

    private Leaving Join((int IncidentId, ChangeSubjects Subjects, TimeSpan Interval) key, IObserver<IncidentNow> observer)
    {
        lock (_lock)
        {
            if (!_now.TryGetValue(key, out var group))
            {
                // The lock is re-entered by the group's watch: a change published once Join returns reaches it.
                _now[key] = group = new NowGroup(new Stream<IncidentChange>(o => Watch(key.IncidentId, key.Subjects, o)).Coalesce(key.Interval, time));
            }

            // Its own member, so that leaving removes this subscription alone, whatever else the observer watches.
            var member = new Member(observer);
            group.Add(member);
            return new Leaving(() =>
            {
                lock (_lock)
                {
                    if (group.Remove(member) == 0 && ReferenceEquals(_now.GetValueOrDefault(key), group))
                    {
                        _now.Remove(key);
                        group.Dispose();
                    }
                }
            });
        }
    }

    private Leaving Counted(Leaving leaving)
    {
        Interlocked.Increment(ref _count);
        metrics.SubscriberConnected();
        return new Leaving(() =>
        {
            leaving.Dispose();
            Interlocked.Decrement(ref _count);
            metrics.SubscriberDisconnected();
        });
    }

    private sealed class Stream<T>(Func<IObserver<T>, IDisposable> subscribe) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer) => subscribe(observer);
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

    // The subscribers of one incident's "now" of some subjects at one interval: each coalesced change is handed to them
    // all as one event.
    private sealed class NowGroup : IObserver<IncidentChange>, IDisposable
    {
        private readonly IDisposable _watching;

        // Copy on write, under the hub's lock: a change walks a snapshot.
        private IObserver<IncidentNow>[] _observers = [];

        public NowGroup(IObservable<IncidentChange> changes) => _watching = changes.Subscribe(this);

        public void Add(IObserver<IncidentNow> observer) => Volatile.Write(ref _observers, [.. _observers, observer]);

        public int Remove(IObserver<IncidentNow> observer)
        {
            Volatile.Write(ref _observers, [.. _observers.Where(o => !ReferenceEquals(o, observer))]);
            return _observers.Length;
        }

        public void OnNext(IncidentChange value)
        {
            var now = new IncidentNow(value.IncidentId);
            foreach (var observer in Volatile.Read(ref _observers))
            {
                observer.OnNext(now);
            }
        }

        // The hub's streams neither fail nor end.
        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }

        public void Dispose() => _watching.Dispose();
    }

    private sealed class Member(IObserver<IncidentNow> observer) : IObserver<IncidentNow>
    {
        public void OnNext(IncidentNow value) => observer.OnNext(value);

        public void OnError(Exception error) => observer.OnError(error);

        public void OnCompleted() => observer.OnCompleted();
    }

    // Runs once, however often it is disposed.
    private sealed class Leaving(Action leave) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                leave();
            }
        }
    }
}
