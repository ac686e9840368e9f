using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>An answer's bytes as they were written, with the data version they were computed from and how long they hold.</summary>
internal sealed record SharedAnswer(ReadOnlyMemory<byte> Bytes, string ETag, long DataVersion, DateTimeOffset? Until);

/// <summary>
/// The answers this instance keeps, by request and audience, within a budget of bytes (the least recently used go
/// first), from the second time a request is asked: so that one asked once, or refused, never costs a read of the data
/// version. An answer is given again only while the data version it was computed from is the current one and its
/// lifetime has not run out; while one is being computed, the same request waits for it rather than computing it too.
/// </summary>
internal sealed class SharedAnswers(long budgetBytes) : IDisposable
{
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = budgetBytes, CompactionPercentage = 0.25 });
    private readonly ConcurrentDictionary<(string Key, long DataVersion), TaskCompletionSource<SharedAnswer?>> _computing = new();

    public long BudgetBytes => budgetBytes;

    // What is kept for a request asked once, whose answer could have been shared.
    private static readonly object Seen = new();

    /// <summary>Whether the request was asked before (and its answer could be shared), or its answer is kept.</summary>
    public bool Knows(string key) => _answers.TryGetValue(key, out _);

    /// <summary>Remembers a request asked for the first time whose answer could have been shared.</summary>
    public void Saw(string key)
    {
        if (!Knows(key))
        {
            _answers.Set(key, Seen, new MemoryCacheEntryOptions { Size = 256 });
        }
    }

    public SharedAnswer? Find(string key, long dataVersion, DateTimeOffset now) =>
        _answers.TryGetValue(key, out var kept) && kept is SharedAnswer answer && answer.DataVersion == dataVersion && (answer.Until is not { } until || now < until)
            ? answer
            : null;

    /// <summary>
    /// Whether this request is the first to execute the request <paramref name="key"/> names at this data version: then
    /// <paramref name="flight"/> is its own, to hand to <see cref="Computed"/> whatever happens; otherwise it is the one
    /// of the request executing it, whose task is that answer (null if it could not be shared).
    /// </summary>
    public bool TryLead(string key, long dataVersion, out TaskCompletionSource<SharedAnswer?> flight)
    {
        var mine = new TaskCompletionSource<SharedAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        flight = _computing.GetOrAdd((key, dataVersion), mine);
        return ReferenceEquals(flight, mine);
    }

    /// <summary>The leader's answer (null: not to be shared), kept and handed to the requests that waited for it.</summary>
    public void Computed(string key, long dataVersion, TaskCompletionSource<SharedAnswer?> flight, SharedAnswer? answer)
    {
        // Only its own flight: a later leader's, at the same data version, is that leader's to end.
        if (!_computing.TryRemove(KeyValuePair.Create((key, dataVersion), flight)))
        {
            return;
        }

        if (answer is not null)
        {
            Keep(key, answer);
        }

        flight.TrySetResult(answer);
    }

    private void Keep(string key, SharedAnswer answer)
    {
        // An answer bigger than a tenth of the budget would push out many others; it is computed each time instead.
        if (answer.Bytes.Length <= budgetBytes / 10)
        {
            // Its lifetime is checked against the app's clock when it is found, not the cache's.
            _answers.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Bytes.Length + 256 });
        }
    }

    public void Dispose() => _answers.Dispose();
}
