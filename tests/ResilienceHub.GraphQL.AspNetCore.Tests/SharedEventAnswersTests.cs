using GraphQL;
using Microsoft.Extensions.Time.Testing;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public class SharedEventAnswersTests
{
    private static readonly SharedAnswer Answer = new("{\"data\":{}}"u8.ToArray(), "\"tag\"", 7, Until: null);

    [Fact]
    public async Task SubscribersHandedOneEventShareOneComputationAndAreAnsweredOnTheThreadThatCompletesIt()
    {
        var answers = new SharedEventAnswers(TimeProvider.System);
        var change = new Change("incident/1");
        var gate = new TaskCompletionSource<(SharedAnswer?, ExecutionResult?)>();
        var computations = 0;

        var asked = Enumerable.Range(0, 100).Select(_ => answers.AnswerAsync(change, "subscription", () =>
        {
            computations++;
            return gate.Task;
        })).ToList();
        Assert.All(asked, answer => Assert.False(answer.IsCompleted));

        // Completed on a pool thread, as a computation is (the test's own thread has a synchronization context, where
        // continuations are never run inline): every waiting subscriber is done before SetResult returns.
        var doneWhenSet = await Task.Run(() =>
        {
            gate.SetResult((Answer, null));
            return asked.Count(answer => answer.IsCompletedSuccessfully);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(asked.Count, doneWhenSet);
        Assert.Equal(1, computations);
        Assert.All(await Task.WhenAll(asked), answer => Assert.Same(Answer, answer.Shared));
    }

    [Fact]
    public async Task AnotherEventEqualInValueAnotherSubscriptionOrAnAskAfterItWasDoneComputeTheirOwn()
    {
        var answers = new SharedEventAnswers(TimeProvider.System);
        var change = new Change("incident/1");
        var computations = 0;
        Task<(SharedAnswer?, ExecutionResult?)> ComputeAsync()
        {
            computations++;
            return Task.FromResult<(SharedAnswer?, ExecutionResult?)>((Answer, null));
        }

        await answers.AnswerAsync(change, "subscription", ComputeAsync);
        // An event is one occurrence: one equal in value is another (a later write), so it is computed afresh.
        await answers.AnswerAsync(new Change("incident/1"), "subscription", ComputeAsync);
        // Another subscription (document, variables or audience) is answered apart.
        await answers.AnswerAsync(change, "another subscription", ComputeAsync);
        // A computation is forgotten once done.
        await answers.AnswerAsync(change, "subscription", ComputeAsync);

        Assert.Equal(4, computations);
    }

    [Fact]
    public async Task AnAnswerThatCouldNotBeSharedIsTheComputingSubscribersResultAndTheOthersExecuteTheirOwn()
    {
        var answers = new SharedEventAnswers(TimeProvider.System);
        var change = new Change("incident/1");
        var own = new ExecutionResult { Executed = true };
        var gate = new TaskCompletionSource<(SharedAnswer?, ExecutionResult?)>();

        var computing = answers.AnswerAsync(change, "subscription", () => gate.Task);
        var waiting = answers.AnswerAsync(change, "subscription", () => throw new InvalidOperationException("computed twice"));
        gate.SetResult((null, own));

        Assert.Same(own, (await computing).Own);
        Assert.Equal((null, null), await waiting);
    }

    [Fact]
    public async Task AFailedComputationFailsTheSubscriberThatRanItAndLeavesTheOthersToExecuteTheirOwn()
    {
        var answers = new SharedEventAnswers(TimeProvider.System);
        var change = new Change("incident/1");
        var gate = new TaskCompletionSource<(SharedAnswer?, ExecutionResult?)>();

        var computing = answers.AnswerAsync(change, "subscription", () => gate.Task);
        var waiting = answers.AnswerAsync(change, "subscription", () => throw new InvalidOperationException("computed twice"));
        gate.SetException(new TimeoutException("the database did not answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => computing);
        Assert.Equal((null, null), await waiting);
    }

    [Fact]
    public async Task AnAnswerWhoseTimeRanOutWhileItWasComputedIsNotGivenToThoseWaiting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2016, 4, 27, 9, 0, 0, TimeSpan.Zero));
        var answers = new SharedEventAnswers(time);
        var change = new Change("incident/1");
        var gate = new TaskCompletionSource<(SharedAnswer?, ExecutionResult?)>();
        var untilNine = Answer with { Until = time.GetUtcNow() };

        var computing = answers.AnswerAsync(change, "subscription", () => gate.Task);
        var waiting = answers.AnswerAsync(change, "subscription", () => throw new InvalidOperationException("computed twice"));
        gate.SetResult((untilNine, null));

        Assert.Same(untilNine, (await computing).Shared);
        Assert.Equal((null, null), await waiting);
    }

    private sealed record Change(string SharingKey) : ISharedEvent;
}
