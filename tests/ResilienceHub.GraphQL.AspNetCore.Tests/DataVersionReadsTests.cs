using Microsoft.AspNetCore.Http;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public class DataVersionReadsTests
{
    [Fact]
    public async Task RequestsAskingTogetherShareAReadThatBeganAfterEachAsked()
    {
        var store = new SlowStore();
        var reads = new DataVersionReads(store);

        // A write lands before each request asks; its read must count it.
        async Task<(long Written, long Read)> AskAsync(int i)
        {
            await Task.Delay(i % 30, TestContext.Current.CancellationToken);
            var written = store.Write();
            return (written, await reads.ReadAsync(TestContext.Current.CancellationToken));
        }

        var asked = await Task.WhenAll(Enumerable.Range(0, 300).Select(AskAsync));

        Assert.All(asked, a => Assert.True(a.Read >= a.Written, $"a request asking after write {a.Written} was given {a.Read}"));
        Assert.Equal(1, store.MostAtOnce);
        Assert.InRange(store.Reads, 2, 60);
    }

    [Fact]
    public async Task AFailedReadFailsItsOwnRequestsAndTheNextReadsAgain()
    {
        var store = new SlowStore { FailNext = true };
        var reads = new DataVersionReads(store);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reads.ReadAsync(TestContext.Current.CancellationToken));
        store.Write();

        Assert.Equal(1, await reads.ReadAsync(TestContext.Current.CancellationToken));
    }

    private sealed class SlowStore : IAnswerSharing
    {
        private long _written;
        private int _running;
        private int _mostAtOnce;
        private int _reads;

        public bool FailNext { get; set; }

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Reads => Volatile.Read(ref _reads);

        public long Write() => Interlocked.Increment(ref _written);

        public string? AudienceOf(HttpContext http) => "everyone";

        public DateTimeOffset? AnswersHoldAtMostUntil() => null;

        public async ValueTask<long> DataVersionAsync(CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _running);
            Interlocked.Increment(ref _reads);
            _mostAtOnce = Math.Max(_mostAtOnce, now);
            var version = Volatile.Read(ref _written);
            await Task.Delay(10, cancellationToken);
            Interlocked.Decrement(ref _running);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the database went away");
            }

            return version;
        }
    }
}
