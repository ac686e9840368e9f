namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// What the resolvers of one request say about how long its answer holds (scoped: one per request). An answer holds
/// until the data changes; a resolver whose value changes by the clock alone says when (<see cref="ChangesAt"/>), and
/// one whose value belongs to this caller alone, or whose reading must be seen every time, says so (<see cref="NotShared"/>).
/// A resolver that reads what was recorded up to an instant says which (<see cref="ReadsUpTo"/>): when every field of
/// the document promises to read only that and state (<see cref="AsOfFields"/>), the answer is of that instant
/// (<see cref="AsOf"/>) and outlives writes that only record things after it.
/// </summary>
public sealed class AnswerLifetime
{
    private readonly Lock _lock = new();
    private bool _everyFieldReadsAsOf;
    private bool _readsPresent;
    private DateTimeOffset? _latestRead;

    /// <summary>The earliest instant any resolver said its value changes at, if any did.</summary>
    public DateTimeOffset? Until { get; private set; }

    public bool Shared { get; private set; } = true;

    /// <summary>
    /// The instant the whole answer shows the data as recorded up to, when every field of its document promised so and
    /// at least one resolver named the instant (and none the present); null otherwise.
    /// </summary>
    public DateTimeOffset? AsOf
    {
        get
        {
            lock (_lock)
            {
                return _everyFieldReadsAsOf && !_readsPresent ? _latestRead : null;
            }
        }
    }

    public void ChangesAt(DateTimeOffset instant)
    {
        lock (_lock)
        {
            Until = Until is { } until && until <= instant ? until : instant;
        }
    }

    public void NotShared() => Shared = false;

    /// <summary>
    /// This resolver's value is what was recorded up to <paramref name="instant"/>; null: up to now, so that any later
    /// write may change it.
    /// </summary>
    public void ReadsUpTo(DateTimeOffset? instant)
    {
        lock (_lock)
        {
            if (instant is not { } at)
            {
                _readsPresent = true;
            }
            else if (_latestRead is not { } latest || latest < at)
            {
                _latestRead = at;
            }
        }
    }

    /// <summary>Every field the document selects promised to read only state and what was recorded up to the instant its resolvers name.</summary>
    internal void EveryFieldReadsAsOf()
    {
        lock (_lock)
        {
            _everyFieldReadsAsOf = true;
        }
    }
}
