using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Http;

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

    /// <summary>
    /// The request, as the answer depends on it, who may see what (the audience), and for a subscription's event, which
    /// event: a hash, so keys stay small.
    /// </summary>
    public static string KeyOf(GraphQLHttpRequest request, string audience, IGraphQLTextSerializer serializer, string? sharedEvent = null)
    {
        // SHA-256: a key crafted to collide with another audience's would be given that audience's answer.
        var text = string.Join('\u0001', request.Query, request.OperationName ?? "", Serialize(request.Variables), Serialize(request.Extensions), audience, sharedEvent ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        string Serialize(Inputs? inputs) => inputs is null ? "" : serializer.Serialize(inputs);
    }

    /// <summary>Only a whole answer that every resolver let others share: an error may be this caller's alone.</summary>
    public static bool MayShare(IServiceProvider services, ExecutionResult result) =>
        result.Executed && result.Errors is not { Count: > 0 } && services.GetRequiredService<AnswerLifetime>().Shared;

    /// <summary>
    /// Executes a request whose answer others may be given: held no longer than the app's data in memory allows, and
    /// written out for them when <see cref="MayShare"/>.
    /// </summary>
    public static async Task<(ExecutionResult Result, SharedAnswer? Shared)> ExecuteToShareAsync(
        IAnswerSharing sharing, IServiceProvider services, IGraphQLTextSerializer serializer, long dataVersion,
        Func<Task<ExecutionResult>> execute, CancellationToken cancellationToken)
    {
        var lifetime = services.GetRequiredService<AnswerLifetime>();
        if (sharing.AnswersHoldAtMostUntil() is { } bound)
        {
            lifetime.ChangesAt(bound);
        }

        var result = await execute().ConfigureAwait(false);
        return (result, MayShare(services, result)
            ? await AnswerBytes.ShareAsync(serializer, result, dataVersion, lifetime.Until, cancellationToken).ConfigureAwait(false)
            : null);
    }

    /// <summary>
    /// The answer to the request <paramref name="key"/> names at <paramref name="dataVersion"/>: the one kept; else the
    /// one the request executing it now for the same data version gives, awaited; else the one <paramref name="execute"/>
    /// computes here (its result, and its answer when every resolver let it be shared), kept and handed to those waiting.
    /// Neither an answer nor a result when the awaited answer could not be shared or the clock passed it meanwhile: then
    /// the caller's answer is its own to execute.
    /// </summary>
    public async Task<(SharedAnswer? Shared, ExecutionResult? Own)> AnswerAsync(
        string key, long dataVersion, TimeProvider time, Func<Task<(ExecutionResult Result, SharedAnswer? Shared)>> execute,
        CancellationToken cancellationToken)
    {
        if (Find(key, dataVersion, time.GetUtcNow()) is { } kept)
        {
            return (kept, null);
        }

        var mine = new TaskCompletionSource<SharedAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _computing.GetOrAdd((key, dataVersion), mine);
        if (!ReferenceEquals(flight, mine))
        {
            var theirs = await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return theirs is not null && (theirs.Until is not { } until || time.GetUtcNow() < until) ? (theirs, null) : (null, null);
        }

        SharedAnswer? answer = null;
        try
        {
            var (result, shared) = await execute().ConfigureAwait(false);
            answer = shared;
            return (shared, shared is null ? result : null);
        }
        finally
        {
            Computed(key, dataVersion, mine, answer);
        }
    }

    private SharedAnswer? Find(string key, long dataVersion, DateTimeOffset now) =>
        _answers.TryGetValue(key, out var kept) && kept is SharedAnswer answer && answer.DataVersion == dataVersion && (answer.Until is not { } until || now < until)
            ? answer
            : null;

    // The leader's answer (null: not to be shared), kept and handed to the requests that waited for it.
    private void Computed(string key, long dataVersion, TaskCompletionSource<SharedAnswer?> flight, SharedAnswer? answer)
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
