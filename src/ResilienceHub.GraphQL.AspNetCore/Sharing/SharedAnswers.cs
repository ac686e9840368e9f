using System.Security.Cryptography;
using System.Text;
using GraphQL;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// An answer's bytes as they were written, with the data version they were computed from, how long they hold, and the
/// instant they show when they are of one (<see cref="AnswerLifetime.AsOf"/>).
/// </summary>
internal sealed record SharedAnswer(ReadOnlyMemory<byte> Bytes, string ETag, long DataVersion, DateTimeOffset? Until, DateTimeOffset? AsOf = null)
{
    // Below this, compressing saves less than it costs.
    private const int CompressibleBytes = 1024;

    // Shared with the copies made as of newer versions: the bytes are the same.
    private readonly Lazy<byte[]> _gzipped = new(() => AnswerBytes.Gzip(Bytes.Span));

    public bool Compressible => Bytes.Length >= CompressibleBytes;

    /// <summary>The bytes gzipped: compressed the first time a client that accepts it asks, then kept with the answer.</summary>
    public ReadOnlyMemory<byte> Gzipped => _gzipped.Value;
}

/// <summary>
/// The answers this instance keeps, by request and audience, within a budget of bytes (the least recently used go
/// first), from the second time a request is asked: so that one asked once, or refused, never costs a read of the data
/// version. An answer is given again only while the data version it was computed from is the current one and its
/// lifetime has not run out. While one is being computed, the same request waits for it rather than computing it too;
/// one that finds it computed from older data (writes keep coming) waits for the next execution, which starts when that
/// one ends, from the data as it is then: at most one execution of a request runs at a time, however fast the data
/// changes, and every answer is computed from data at least as new as when its request arrived. An answer of a past
/// instant that the app says no write since has changed is given again, as of the newer version, without executing.
/// </summary>
internal sealed class SharedAnswers(long budgetBytes) : IDisposable
{
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = budgetBytes, CompactionPercentage = 0.25 });
    private readonly Dictionary<string, Flights> _flights = new(StringComparer.Ordinal);
    private readonly Lock _flightsLock = new();

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

    /// <summary>The request, as the answer depends on it, and who may see what (the audience): a hash, so keys stay small.</summary>
    public static string KeyOf(GraphQLHttpRequest request, string audience, IGraphQLTextSerializer serializer)
    {
        // SHA-256: a key crafted to collide with another audience's would be given that audience's answer.
        var text = string.Join('\u0001', request.Query, request.OperationName ?? "", Serialize(request.Variables), Serialize(request.Extensions), audience);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        string Serialize(Inputs? inputs) => inputs is null ? "" : serializer.Serialize(inputs);
    }

    /// <summary>Only a whole answer that every resolver let others share: an error may be this caller's alone.</summary>
    public static bool MayShare(IServiceProvider services, ExecutionResult result) =>
        result.Executed && result.Errors is not { Count: > 0 } && services.GetRequiredService<AnswerLifetime>().Shared;

    /// <summary>
    /// <see cref="AnswerAsync(string, Func{CancellationToken, ValueTask{long}}, TimeProvider, Func{long, Task{ValueTuple{ExecutionResult, SharedAnswer}}}, CancellationToken)"/>
    /// for a request of a transport: the data version read with the requests asking together, and
    /// <paramref name="execute"/> run in <paramref name="services"/> (the request's scope) to be shared.
    /// </summary>
    public Task<(SharedAnswer? Shared, ExecutionResult? Own)> AnswerAsync(
        string key, IAnswerSharing sharing, IServiceProvider services, IGraphQLTextSerializer serializer, TimeProvider time,
        Func<Task<ExecutionResult>> execute, CancellationToken cancellationToken) =>
        AnswerAsync(key, services.GetRequiredService<DataVersionReads>().ReadAsync, sharing.UnchangedAsOfAsync, time,
            dataVersion => ExecuteToShareAsync(sharing, services, serializer, time, dataVersion, execute, cancellationToken), cancellationToken);

    /// <summary>
    /// Executes a request whose answer others may be given: held no longer than the app's data in memory allows, and
    /// written out for them when <see cref="MayShare"/>.
    /// </summary>
    private static async Task<(ExecutionResult Result, SharedAnswer? Shared)> ExecuteToShareAsync(
        IAnswerSharing sharing, IServiceProvider services, IGraphQLTextSerializer serializer, TimeProvider time, long dataVersion,
        Func<Task<ExecutionResult>> execute, CancellationToken cancellationToken)
    {
        var lifetime = services.GetRequiredService<AnswerLifetime>();
        var boundBefore = sharing.AnswersHoldAtMostUntil();
        var startedAt = time.GetUtcNow();
        var result = await execute().ConfigureAwait(false);
        // A bound already passed when the execution began was renewed by it (the app reads its data afresh then): the
        // answer holds as long as what it read.
        if ((boundBefore is { } before && before > startedAt ? boundBefore : sharing.AnswersHoldAtMostUntil()) is { } bound)
        {
            lifetime.ChangesAt(bound);
        }

        return (result, MayShare(services, result)
            ? await AnswerBytes.ShareAsync(serializer, result, dataVersion, lifetime, cancellationToken).ConfigureAwait(false)
            : null);
    }

    /// <summary>
    /// The answer to the request <paramref name="key"/> names, from data at least as new as the version read now: the one
    /// kept for that version; else the one being computed from that version or a newer one, awaited; else the one the
    /// next execution computes. The request that starts an execution runs <paramref name="execute"/> (its result, and its
    /// answer when every resolver let it be shared), keeps the answer and hands it to those waiting — or, when the one
    /// kept is of a past instant and <paramref name="unchangedAsOf"/> says the writes since it leave that instant as it
    /// was, keeps and hands on that one as of the newer version. Neither an answer nor a result when the awaited answer
    /// could not be shared or the clock passed it meanwhile: then the caller's answer is its own to execute.
    /// </summary>
    public async Task<(SharedAnswer? Shared, ExecutionResult? Own)> AnswerAsync(
        string key, Func<CancellationToken, ValueTask<long>> readDataVersion,
        Func<long, long, DateTimeOffset, CancellationToken, ValueTask<bool>> unchangedAsOf, TimeProvider time,
        Func<long, Task<(ExecutionResult Result, SharedAnswer? Shared)>> execute, CancellationToken cancellationToken)
    {
        var dataVersion = await readDataVersion(cancellationToken).ConfigureAwait(false);
        if (Find(key, dataVersion, time.GetUtcNow()) is { } kept)
        {
            return (kept, null);
        }

        var (flight, leads, after) = Board(key, dataVersion, time.GetUtcNow());
        if (!leads)
        {
            var theirs = await flight.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return theirs is not null && (theirs.Until is not { } until || time.GetUtcNow() < until) ? (theirs, null) : (null, null);
        }

        SharedAnswer? answer = null;
        try
        {
            if (after is not null)
            {
                // Everyone aboard asked before the execution running now ended: the data as it is then is new enough.
                await after.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                dataVersion = await readDataVersion(cancellationToken).ConfigureAwait(false);
                lock (_flightsLock)
                {
                    flight.DataVersion = dataVersion;
                }
            }

            if (Kept(key, time.GetUtcNow()) is { AsOf: { } asOf } earlier && earlier.DataVersion < dataVersion
                && await unchangedAsOf(earlier.DataVersion, dataVersion, asOf, cancellationToken).ConfigureAwait(false))
            {
                answer = earlier with { DataVersion = dataVersion };
                return (answer, null);
            }

            var (result, shared) = await execute(dataVersion).ConfigureAwait(false);
            answer = shared;
            return (shared, shared is null ? result : null);
        }
        finally
        {
            Landed(key, flight, answer);
        }
    }

    private SharedAnswer? Find(string key, long dataVersion, DateTimeOffset now) =>
        Kept(key, now) is { } answer && answer.DataVersion == dataVersion ? answer : null;

    // The answer kept for the request whose lifetime has not run out, of whichever data version.
    private SharedAnswer? Kept(string key, DateTimeOffset now) =>
        _answers.TryGetValue(key, out var kept) && kept is SharedAnswer answer && (answer.Until is not { } until || now < until) ? answer : null;

    // The execution a request at this data version awaits or leads; a new next one waits for the one running (after).
    private (Flight Flight, bool Leads, Flight? After) Board(string key, long dataVersion, DateTimeOffset now)
    {
        lock (_flightsLock)
        {
            if (!_flights.TryGetValue(key, out var flights))
            {
                // One that landed since the request looked kept its answer before it left (see Landed): that one.
                if (Find(key, dataVersion, now) is { } landed)
                {
                    return (Flight.Of(landed), false, null);
                }

                _flights[key] = flights = new Flights { Running = new Flight(dataVersion) };
                return (flights.Running, true, null);
            }

            if (flights.Running.DataVersion >= dataVersion)
            {
                return (flights.Running, false, null);
            }

            if (flights.Next is { } next)
            {
                return (next, false, null);
            }

            flights.Next = new Flight(dataVersion);
            return (flights.Next, true, flights.Running);
        }
    }

    // An execution ended (its answer null when not to be shared): the answer is kept, the next execution, if any, runs
    // now, and the answer is handed to those who waited for it.
    private void Landed(string key, Flight flight, SharedAnswer? answer)
    {
        // Kept before the flight is gone: a request that finds neither would execute the same answer again.
        if (answer is not null)
        {
            Keep(key, answer);
        }

        lock (_flightsLock)
        {
            var flights = _flights[key];
            if (ReferenceEquals(flights.Running, flight))
            {
                if (flights.Next is { } next)
                {
                    (flights.Running, flights.Next) = (next, null);
                }
                else
                {
                    _flights.Remove(key);
                }
            }
            else if (ReferenceEquals(flights.Next, flight))
            {
                // A next execution whose leader left before the one running ended.
                flights.Next = null;
            }
        }

        flight.Answer.TrySetResult(answer);
    }

    private void Keep(string key, SharedAnswer answer)
    {
        // An answer bigger than a tenth of the budget would push out many others; it is computed each time instead.
        if (answer.Bytes.Length <= budgetBytes / 10)
        {
            // Its lifetime is checked against the app's clock when it is found, not the cache's. Its gzipped copy, when
            // one is made (a JSON answer compresses to about a tenth), is not counted.
            _answers.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Bytes.Length + 256 });
        }
    }

    public void Dispose() => _answers.Dispose();

    private sealed class Flight(long dataVersion)
    {
        public long DataVersion { get; set; } = dataVersion;

        public TaskCompletionSource<SharedAnswer?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // An execution already landed, with its answer.
        public static Flight Of(SharedAnswer answer)
        {
            var landed = new Flight(answer.DataVersion);
            landed.Answer.SetResult(answer);
            return landed;
        }
    }

    // One request's executions: the one running, and at most one waiting to start from newer data.
    private sealed class Flights
    {
        public required Flight Running { get; set; }

        public Flight? Next { get; set; }
    }
}
