using System.Runtime.CompilerServices;
using GraphQL;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// The answers being computed to shared events (<see cref="ISharedEvent"/>), by event instance and subscription: the
/// subscribers of one subscription handed the same event share one computation of its answer, begun by the first to
/// ask. Those who ask while it runs carry on, when it is done, on the thread that computed it, one after another —
/// each sending the same bytes — rather than each being scheduled anew: a change reaches a thousand subscribers
/// without a thousand wake-ups. A computation is forgotten once done; who asks later computes, or is given the answer
/// <see cref="SharedAnswers"/> kept. As it is the answer of all who wait, it is computed whether or not its first
/// subscriber stays: the caller computes it with no subscriber's cancellation.
/// </summary>
internal sealed class SharedEventAnswers(TimeProvider time)
{
    private readonly ConditionalWeakTable<ISharedEvent, Dictionary<string, List<TaskCompletionSource<SharedAnswer?>>>> _computing = new();

    /// <summary>
    /// The answer to <paramref name="sharedEvent"/> for the subscription <paramref name="subscriptionKey"/> names: that
    /// of the computation running for them, awaited, or <paramref name="compute"/>'s (with its result when the answer
    /// could not be shared). Neither when the awaited one could not be shared, failed or has run out: then the
    /// caller's answer is its own to execute.
    /// </summary>
    public async Task<(SharedAnswer? Shared, ExecutionResult? Own)> AnswerAsync(
        ISharedEvent sharedEvent, string subscriptionKey, Func<Task<(SharedAnswer? Shared, ExecutionResult? Own)>> compute)
    {
        var computing = _computing.GetOrCreateValue(sharedEvent);
        TaskCompletionSource<SharedAnswer?>? waiting = null;
        lock (computing)
        {
            if (computing.TryGetValue(subscriptionKey, out var waiters))
            {
                // One awaiter each: a task with many runs all but one of them on the pool, whatever its options.
                waiters.Add(waiting = new TaskCompletionSource<SharedAnswer?>());
            }
            else
            {
                computing[subscriptionKey] = [];
            }
        }

        if (waiting is not null)
        {
            var theirs = await waiting.Task.ConfigureAwait(false);
            return theirs is not null && (theirs.Until is not { } until || time.GetUtcNow() < until) ? (theirs, null) : (null, null);
        }

        SharedAnswer? answer = null;
        try
        {
            var computed = await compute().ConfigureAwait(false);
            answer = computed.Shared;
            return computed;
        }
        finally
        {
            List<TaskCompletionSource<SharedAnswer?>> waiters;
            lock (computing)
            {
                waiters = computing[subscriptionKey];
                computing.Remove(subscriptionKey);
            }

            // Each carries on here, up to its next wait (its send, in the main), before the next is told.
            foreach (var waiter in waiters)
            {
                waiter.SetResult(answer);
            }
        }
    }
}
