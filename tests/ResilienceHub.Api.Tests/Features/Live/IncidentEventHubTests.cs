using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Tests.Features.Live;

public class IncidentEventHubTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void SubscribersOfAnIncidentsNowShareOneTimerAndAreHandedOneEventForABurst()
    {
        var time = new CountedTimers();
        var hub = Hub(time);
        var first = new Received();
        var second = new Received();
        using var one = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(first);
        using var two = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(second);

        hub.Deliver(Return(10));
        hub.Deliver(Return(11));
        Assert.Empty(first.Events);
        time.Advance(Interval);

        var only = Assert.Single(first.Events);
        Assert.Same(only, Assert.Single(second.Events));
        Assert.Equal(new IncidentNow(1), only);
        Assert.Equal(1, time.Timers);
        Assert.Equal(2, hub.Subscribers);
    }

    [Fact]
    public void ANowIsHandedOnlyChangesOfItsIncidentAndSubjects()
    {
        var time = new CountedTimers();
        var hub = Hub(time);
        var received = new Received();
        using var subscription = hub.Now(1, ChangeSubjects.Sitrep | ChangeSubjects.Action, Interval).Subscribe(received);

        Burst(hub, time, new IncidentChange(2, ChangeSubjects.Sitrep, 10, 1), new IncidentChange(1, ChangeSubjects.LogEntry, 3, 1));
        Assert.Empty(received.Events);

        Burst(hub, time, new IncidentChange(1, ChangeSubjects.Action, 4, 2));
        Assert.Single(received.Events);
    }

    [Fact]
    public void WhenTheLastSubscriberOfANowLeavesItStopsWatchingAndTheNextToComeStartsAfresh()
    {
        var time = new CountedTimers();
        var hub = Hub(time);
        var left = new Received();
        var stays = new Received();
        var one = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(left);
        var two = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(stays);

        one.Dispose();
        one.Dispose();
        Assert.Equal(1, hub.Subscribers);
        Burst(hub, time, Return(9));
        Assert.Empty(left.Events);
        Assert.Single(stays.Events);
        two.Dispose();
        Assert.Equal(0, hub.Subscribers);

        Burst(hub, time, Return(10));
        Assert.Empty(left.Events);
        Assert.Equal(1, time.Timers);

        var later = new Received();
        using var three = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(later);
        Burst(hub, time, Return(11));
        Assert.Single(later.Events);
    }

    [Fact]
    public void OneObserverSubscribedTwiceLeavesOnceForEachSubscription()
    {
        var time = new CountedTimers();
        var hub = Hub(time);
        var twice = new Received();
        var first = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(twice);
        using var second = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(twice);

        first.Dispose();
        Burst(hub, time, Return(10));

        Assert.Single(twice.Events);
    }

    [Fact]
    public void NowsOfOtherSubjectsOrIntervalsAreCoalescedApart()
    {
        var time = new CountedTimers();
        var hub = Hub(time);
        var returns = new Received();
        var actions = new Received();
        var slower = new Received();
        using var one = hub.Now(1, ChangeSubjects.Sitrep, Interval).Subscribe(returns);
        using var two = hub.Now(1, ChangeSubjects.Sitrep | ChangeSubjects.Action, Interval).Subscribe(actions);
        using var three = hub.Now(1, ChangeSubjects.Sitrep, Interval * 2).Subscribe(slower);

        Burst(hub, time, Return(10));

        Assert.Equal(3, time.Timers);
        Assert.Single(returns.Events);
        Assert.Single(actions.Events);
        Assert.Empty(slower.Events);
        time.Advance(Interval);
        Assert.Single(slower.Events);
    }

    [Fact]
    public void EachSubscriberOfAnIncidentsChangesIsCounted()
    {
        var hub = Hub(new CountedTimers());
        var received = new Received();
        var subscription = hub.Changes(1, ChangeSubjects.Sitrep).Subscribe(received);
        using var another = hub.Changes(1, ChangeSubjects.LogEntry).Subscribe(new Received());
        Assert.Equal(2, hub.Subscribers);

        hub.Deliver(Return(10));
        subscription.Dispose();
        hub.Deliver(Return(11));

        Assert.Equal(Return(10), Assert.Single(received.Events));
        Assert.Equal(1, hub.Subscribers);
    }

    // A return's first version in incident 1.
    private static IncidentChange Return(int id) => new(1, ChangeSubjects.Sitrep, id, 1);

    // The changes delivered, then the coalescing interval let pass.
    private static void Burst(IncidentEventHub hub, CountedTimers time, params IncidentChange[] changes)
    {
        foreach (var change in changes)
        {
            hub.Deliver(change);
        }

        time.Advance(Interval);
    }

    private static IncidentEventHub Hub(TimeProvider time) =>
        new(new ResilienceMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), time);

    private sealed class Received : IObserver<object>
    {
        public List<object> Events { get; } = [];

        public void OnNext(object value) => Events.Add(value);

        public void OnError(Exception error) => throw error;

        public void OnCompleted() => throw new InvalidOperationException("The hub's streams never end.");
    }

    // A fake clock that counts the timers made on it.
    private sealed class CountedTimers : TimeProvider
    {
        private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2016, 4, 27, 9, 0, 0, TimeSpan.Zero));

        public int Timers { get; private set; }

        public void Advance(TimeSpan by) => _fake.Advance(by);

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers++;
            return _fake.CreateTimer(callback, state, dueTime, period);
        }
    }
}
