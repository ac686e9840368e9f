using Microsoft.Extensions.Caching.Memory;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>An answer's bytes as they were written, with the data version they were computed from and how long they hold.</summary>
internal sealed record SharedAnswer(ReadOnlyMemory<byte> Bytes, string ETag, long DataVersion, DateTimeOffset? Until);

/// <summary>
/// The answers this instance keeps, by request and audience, within a budget of bytes (the least recently used go
/// first). An answer is given again only while the data version it was computed from is the current one and its
/// lifetime has not run out.
/// </summary>
internal sealed class SharedAnswers(long budgetBytes) : IDisposable
{
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = budgetBytes, CompactionPercentage = 0.25 });

    public long BudgetBytes => budgetBytes;

    public SharedAnswer? Find(string key, long dataVersion, DateTimeOffset now) =>
        _answers.TryGetValue(key, out SharedAnswer? answer) && answer!.DataVersion == dataVersion && (answer.Until is not { } until || now < until)
            ? answer
            : null;

    public void Keep(string key, SharedAnswer answer)
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
