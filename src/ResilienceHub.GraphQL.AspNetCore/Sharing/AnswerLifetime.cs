namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// What the resolvers of one request say about how long its answer holds (scoped: one per request). An answer holds
/// until the data changes; a resolver whose value changes by the clock alone says when (<see cref="ChangesAt"/>), and
/// one whose value belongs to this caller alone, or whose reading must be seen every time, says so (<see cref="NotShared"/>).
/// </summary>
public sealed class AnswerLifetime
{
    private readonly Lock _lock = new();

    /// <summary>The earliest instant any resolver said its value changes at, if any did.</summary>
    public DateTimeOffset? Until { get; private set; }

    public bool Shared { get; private set; } = true;

    public void ChangesAt(DateTimeOffset instant)
    {
        lock (_lock)
        {
            Until = Until is { } until && until <= instant ? until : instant;
        }
    }

    public void NotShared() => Shared = false;
}
