using GraphQL.DataLoader;

namespace ResilienceHub.GraphQL.AspNetCore.DataLoading;

/// <summary>
/// Collects the keys that resolvers ask for while one level of a query executes, then fetches
/// them all in one call when GraphQL.NET first awaits a result. Keep one per request (scoped):
/// it also remembers what it has fetched, so a key asked for twice is fetched once.
/// </summary>
public class BatchLoader<TKey, TValue>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Task<TValue?>> _results = [];
    private Dictionary<TKey, TaskCompletionSource<TValue?>> _pending = [];

    /// <summary>Asks for a key; the returned result fetches the whole batch when first awaited.</summary>
    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_gate)
        {
            if (!_results.TryGetValue(key, out var result))
            {
                var completion = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[key] = completion;
                result = completion.Task;
                _results[key] = result;
            }

            return new Pending(this, result);
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        Dictionary<TKey, TaskCompletionSource<TValue?>> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        try
        {
            var values = await fetch(batch.Keys, cancellationToken).ConfigureAwait(false);
            foreach (var (key, completion) in batch)
            {
                completion.TrySetResult(values.TryGetValue(key, out var value) ? value : default);
            }
        }
        catch (Exception exception)
        {
            foreach (var completion in batch.Values)
            {
                completion.TrySetException(exception);
            }
        }
    }

    private sealed class Pending(BatchLoader<TKey, TValue> loader, Task<TValue?> result) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!result.IsCompleted)
            {
                await loader.DispatchAsync(cancellationToken).ConfigureAwait(false);
            }

            return await result.ConfigureAwait(false);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
