using ResilienceHub.Api.Features.Dashboard;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

/// <summary>
/// The rule the ledger reads the log of versions by (<see cref="TailWindow"/>), against a simulated SQL Server: each
/// row takes the next rowversion when it is written, transactions commit or roll back in any order, a reader sees
/// every committed row (READ COMMITTED) and bounds its read by MIN_ACTIVE_ROWVERSION().
/// </summary>
public class TailWindowTests
{
    [Fact]
    public void ARowCommittedAHundredRowsLateIsFoldedInOnceItCommitsWhereTheOldOverlapOf64RowsMissedIt()
    {
        var log = new SimulatedLog();
        var earlier = log.Begin();
        earlier.Write(9);
        earlier.Commit();
        var reader = new WatermarkReader(log);
        var overlap = new OverlapReader(log, 64);
        var byHighestKey = new HighestKeyReader(log);

        var t1 = log.Begin();
        t1.Write(); // takes 10
        var t2 = log.Begin();
        t2.Write(); // takes 11
        t2.Commit();
        ReadAll();

        // 11 has committed but waits behind 10, which may still commit.
        Assert.Equal(Keys(1, 9), reader.Folded);
        Assert.Equal(10UL, reader.Watermark);

        for (var i = 0; i < 100; i++)
        {
            var later = log.Begin();
            later.Write(); // 12 to 111
            later.Commit();
        }

        ReadAll();
        Assert.Equal(Keys(1, 9), reader.Folded);

        t1.Commit();
        ReadAll();
        ReadAll();

        Assert.Equal(Keys(1, 111), reader.Folded.Order());
        Assert.Equal(111, reader.Folded.Count);
        Assert.Equal(112UL, reader.Watermark);
        // The rule this replaced: the highest key read less 64, again every time. T1's row committed 101 keys late.
        Assert.DoesNotContain(10UL, overlap.Folded);
        Assert.Equal(110, overlap.Folded.Count);
        // And SQLite's rule, one past the highest key, holds only where writers commit one at a time.
        Assert.DoesNotContain(10UL, byHighestKey.Folded);

        void ReadAll()
        {
            reader.Read();
            overlap.Read();
            byHighestKey.Read();
        }
    }

    [Fact]
    public void ARolledBackRowIsNeverFoldedAndDoesNotHoldTheWatermarkOnceItEnds()
    {
        var log = new SimulatedLog();
        var reader = new WatermarkReader(log);
        var abandoned = log.Begin();
        abandoned.Write(2); // 1 and 2
        var committed = log.Begin();
        committed.Write(); // 3
        committed.Commit();

        reader.Read();
        Assert.Empty(reader.Folded);

        abandoned.RollBack();
        reader.Read();

        Assert.Equal([3UL], reader.Folded);
        Assert.Equal(4UL, reader.Watermark);
    }

    [Fact]
    public void WithNothingCommittedSinceAReadFoldsNothingAndKeepsItsWatermark()
    {
        var log = new SimulatedLog();
        var t = log.Begin();
        t.Write(3);
        t.Commit();
        var reader = new WatermarkReader(log);
        reader.Read();
        var open = log.Begin();
        open.Write();

        var window = TailWindow.After(reader.Watermark, log.MinActiveRowVersion());

        Assert.True(window.IsEmpty);
        Assert.Equal(reader.Watermark, window.Next);
        Assert.Empty(window.Pick(log.Committed, row => row.Key));
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 25)];

    /// <summary>Random writers, committing and rolling back in any order, with reads between: every committed row once, no other.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryCommittedRowIsFoldedInExactlyOnceWhateverOrderTransactionsCommitIn(int seed)
    {
        var random = new Random(seed);
        var log = new SimulatedLog();
        var readers = new[] { new WatermarkReader(log), new WatermarkReader(log) };
        var open = new List<SimulatedLog.Transaction>();
        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 when open.Count < 5:
                    open.Add(log.Begin());
                    break;
                case 2 or 3 or 4 when open.Count > 0:
                    open[random.Next(open.Count)].Write(1 + random.Next(3));
                    break;
                case 5 or 6 when open.Count > 0:
                    var ending = open[random.Next(open.Count)];
                    open.Remove(ending);
                    if (random.Next(8) == 0)
                    {
                        ending.RollBack();
                    }
                    else
                    {
                        ending.Commit();
                    }

                    break;
                default:
                    var reader = readers[random.Next(readers.Length)];
                    reader.Read();
                    AssertFoldedOnceAndNothingCommittedBelowTheWatermarkMissed(log, reader, $"seed {seed}, step {step}");
                    break;
            }
        }

        foreach (var transaction in open)
        {
            transaction.Commit();
        }

        foreach (var reader in readers)
        {
            reader.Read();
            Assert.Equal(log.Committed.Select(row => row.Key).Order(), reader.Folded.Order());
            Assert.Equal(log.NextKey, reader.Watermark);
        }
    }

    private static void AssertFoldedOnceAndNothingCommittedBelowTheWatermarkMissed(SimulatedLog log, WatermarkReader reader, string because)
    {
        Assert.True(reader.Folded.Count == reader.Folded.Distinct().Count(), $"a row folded twice, {because}");
        var committed = log.Committed.Select(row => row.Key).ToHashSet();
        Assert.True(reader.Folded.All(committed.Contains), $"a row folded that has not committed, {because}");
        Assert.True(
            committed.Where(key => key < reader.Watermark).Order().SequenceEqual(reader.Folded.Order()),
            $"the rows committed below the watermark are not the rows folded, {because}");
    }

    private static IEnumerable<ulong> Keys(ulong first, ulong last) =>
        Enumerable.Range((int)first, (int)(last - first + 1)).Select(key => (ulong)key);

    /// <summary>The ledger's way: the window from its watermark to MIN_ACTIVE_ROWVERSION(), then the watermark there.</summary>
    private sealed class WatermarkReader(SimulatedLog log)
    {
        public ulong Watermark { get; private set; } = TailWindow.Start;

        public List<ulong> Folded { get; } = [];

        public void Read()
        {
            var window = TailWindow.After(Watermark, log.MinActiveRowVersion());
            Folded.AddRange(window.Pick(log.Committed, row => row.Key).Select(row => row.Key));
            Watermark = window.Next;
        }
    }

    /// <summary>The rule this replaced: everything after the highest key read less an overlap; a row already held is ignored.</summary>
    private sealed class OverlapReader(SimulatedLog log, ulong overlap)
    {
        private ulong _highest;

        public HashSet<ulong> Folded { get; } = [];

        public void Read()
        {
            var after = _highest > overlap ? _highest - overlap : 0;
            foreach (var row in log.Committed.Where(row => row.Key > after))
            {
                Folded.Add(row.Key);
                _highest = Math.Max(_highest, row.Key);
            }
        }
    }

    /// <summary>SQLite's bound, one past the highest committed key, taken where writers overlap.</summary>
    private sealed class HighestKeyReader(SimulatedLog log)
    {
        private ulong _watermark = TailWindow.Start;

        public List<ulong> Folded { get; } = [];

        public void Read()
        {
            var window = TailWindow.After(_watermark, log.Committed.Select(row => row.Key).DefaultIfEmpty().Max() + 1);
            Folded.AddRange(window.Pick(log.Committed, row => row.Key).Select(row => row.Key));
            _watermark = window.Next;
        }
    }

    /// <summary>One table with a rowversion: keys handed out as rows are written, visible once their transaction commits.</summary>
    private sealed class SimulatedLog
    {
        private readonly List<Transaction> _active = [];
        private readonly List<Row> _committed = [];

        /// <summary>@@DBTS + 1: the key the next write takes.</summary>
        public ulong NextKey { get; private set; } = TailWindow.Start;

        /// <summary>What a READ COMMITTED query sees, in commit order.</summary>
        public IReadOnlyList<Row> Committed => _committed;

        public Transaction Begin() => new(this);

        /// <summary>The lowest key an uncommitted transaction holds, or @@DBTS + 1 when none holds one.</summary>
        public ulong MinActiveRowVersion() => _active.Count == 0 ? NextKey : _active.Min(t => t.Keys[0]);

        public sealed record Row(ulong Key);

        public sealed class Transaction(SimulatedLog log)
        {
            public List<ulong> Keys { get; } = [];

            public void Write(int rows = 1)
            {
                for (var i = 0; i < rows; i++)
                {
                    if (Keys.Count == 0)
                    {
                        log._active.Add(this);
                    }

                    Keys.Add(log.NextKey++);
                }
            }

            public void Commit()
            {
                log._active.Remove(this);
                log._committed.AddRange(Keys.Select(key => new Row(key)));
            }

            public void RollBack() => log._active.Remove(this);
        }
    }
}
