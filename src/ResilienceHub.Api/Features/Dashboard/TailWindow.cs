namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// The stretch of the log of versions that one read of a ledger folds in: the rows whose commit key (SQLite: the
/// version's id; SQL Server: its rowversion) is at least <see cref="From"/>, the ledger's watermark, and below
/// <see cref="Until"/>, a bound that every row beneath has committed by and that no row can commit beneath later. The
/// next read starts where this one ended, so each committed row is folded in exactly once, in whatever order the
/// writers committed: a row still uncommitted holds the bound at or below its own key until it commits or is rolled
/// back.
/// </summary>
public readonly record struct TailWindow(ulong From, ulong Until)
{
    /// <summary>A fresh ledger's watermark: no row has a key below it (ids start at 1, rowversions higher still).</summary>
    public const ulong Start = 1;

    /// <summary>What a read with <paramref name="bound"/> folds in after <paramref name="watermark"/>: nothing when the bound is not above it.</summary>
    public static TailWindow After(ulong watermark, ulong bound) => new(watermark, Math.Max(watermark, bound));

    public bool IsEmpty => Until <= From;

    /// <summary>The most rows the window can hold (keys are unique); fewer where keys went unused, e.g. to a rolled-back write.</summary>
    public ulong Width => Until - From;

    /// <summary>The watermark after this read: where the next one starts.</summary>
    public ulong Next => Until;

    public bool Holds(ulong commitKey) => commitKey >= From && commitKey < Until;

    /// <summary>Of the rows a reader sees, those this read folds in, in the order given (the database's query applies the same test).</summary>
    public List<T> Pick<T>(IEnumerable<T> visible, Func<T, ulong> commitKey)
    {
        var window = this;
        return [.. visible.Where(row => window.Holds(commitKey(row)))];
    }
}
