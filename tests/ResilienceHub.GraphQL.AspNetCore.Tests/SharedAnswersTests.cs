using GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public class SharedAnswersTests
{
    [Fact]
    public async Task RequestsAtOneDataVersionShareOneExecution()
    {
        using var answers = new SharedAnswers(1 << 20);
        var executions = new Executions();

        var given = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => answers.AnswerAsync(
            "request", _ => ValueTask.FromResult(7L), Changed, TimeProvider.System, executions.RunAsync, TestContext.Current.CancellationToken)));

        Assert.Equal(1, executions.Count);
        Assert.All(given, answer => Assert.Equal(7, answer.Shared!.DataVersion));
    }

    [Fact]
    public async Task ARequestAskedAsTheExecutionLandsIsGivenItsAnswerNotASecondExecution()
    {
        // Requests spread across the moment the execution ends, on every pool thread: none may find the execution gone
        // and its answer not yet kept.
        for (var round = 0; round < 200; round++)
        {
            using var answers = new SharedAnswers(1 << 20);
            var count = 0;
            var landing = new TaskCompletionSource();
            async Task<(ExecutionResult, SharedAnswer?)> ExecuteAsync(long dataVersion)
            {
                Interlocked.Increment(ref count);
                await landing.Task;
                return (new ExecutionResult(), new SharedAnswer(new byte[] { 1 }, "\"1\"", dataVersion, null));
            }

            var first = answers.AnswerAsync("request", _ => ValueTask.FromResult(7L), Changed, TimeProvider.System, ExecuteAsync, TestContext.Current.CancellationToken);
            var asking = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await answers.AnswerAsync("request", _ => ValueTask.FromResult(7L), Changed, TimeProvider.System, ExecuteAsync, TestContext.Current.CancellationToken);
                }
            })).ToList();
            landing.SetResult();
            await Task.WhenAll([first, .. asking]);

            Assert.Equal(1, count);
        }
    }

    [Fact]
    public async Task WhileTheDataKeepsChangingOneExecutionRunsAtATimeAndEachAnswerIsAtLeastAsNewAsItsRequest()
    {
        using var answers = new SharedAnswers(1 << 20);
        var executions = new Executions();
        long version = 0;

        // Every read of the data version finds a write since the last: no request can take an answer already computed.
        async Task<(long Asked, SharedAnswer? Answer)> AskAsync(int i)
        {
            await Task.Delay(i % 25, TestContext.Current.CancellationToken);
            long asked = 0;
            var (answer, _) = await answers.AnswerAsync("request", _ =>
            {
                var read = Interlocked.Increment(ref version);
                asked = asked == 0 ? read : asked;
                return ValueTask.FromResult(read);
            }, Changed, TimeProvider.System, executions.RunAsync, TestContext.Current.CancellationToken);
            return (asked, answer);
        }

        var given = await Task.WhenAll(Enumerable.Range(0, 200).Select(AskAsync));

        Assert.Equal(1, executions.MostAtOnce);
        Assert.All(given, g => Assert.True(g.Answer!.DataVersion >= g.Asked, $"asked at {g.Asked}, given {g.Answer.DataVersion}"));
        // Those who arrived while one ran shared the next: far fewer executions than requests.
        Assert.InRange(executions.Count, 2, 100);
    }

    [Fact]
    public async Task WhenTheNextExecutionsLeaderLeavesThoseAboardAreToldToExecuteTheirOwn()
    {
        using var answers = new SharedAnswers(1 << 20);
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        long version = 0;
        ValueTask<long> Newer(CancellationToken _) => ValueTask.FromResult(Interlocked.Increment(ref version));
        async Task<(ExecutionResult, SharedAnswer?)> Slow(long at)
        {
            running.TrySetResult();
            await release.Task;
            return (new ExecutionResult(), new SharedAnswer(new byte[] { 1 }, "\"1\"", at, null));
        }

        var first = answers.AnswerAsync("request", Newer, Changed, TimeProvider.System, Slow, TestContext.Current.CancellationToken);
        await running.Task;
        using var leaving = new CancellationTokenSource();
        var leader = answers.AnswerAsync("request", Newer, Changed, TimeProvider.System, Slow, leaving.Token);
        var aboard = answers.AnswerAsync("request", Newer, Changed, TimeProvider.System, Slow, TestContext.Current.CancellationToken);
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        Assert.Equal((null, null), await aboard);
        release.SetResult();
        Assert.Equal(1, (await first).Shared!.DataVersion);
    }

    [Theory]
    [InlineData(true, true, 1)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 2)]
    public async Task AnAnswerOfAPastInstantOutlivesWritesTheAppSaysLeaveThatInstantAsItWas(bool ofAnInstant, bool unchanged, int expectedExecutions)
    {
        using var answers = new SharedAnswers(1 << 20);
        var instant = new DateTimeOffset(2016, 4, 27, 11, 30, 0, TimeSpan.Zero);
        var executions = 0;
        var asked = new List<(long Since, long Now, DateTimeOffset AsOf)>();
        long version = 1;
        ValueTask<bool> Unchanged(long since, long now, DateTimeOffset asOf, CancellationToken _)
        {
            asked.Add((since, now, asOf));
            return new(unchanged);
        }

        Task<(ExecutionResult, SharedAnswer?)> Execute(long at)
        {
            executions++;
            return Task.FromResult<(ExecutionResult, SharedAnswer?)>(
                (new ExecutionResult(), new SharedAnswer(new byte[] { (byte)executions }, $"\"{executions}\"", at, null, ofAnInstant ? instant : null)));
        }

        Task<(SharedAnswer? Shared, ExecutionResult? Own)> AskAsync() => answers.AnswerAsync(
            "request", _ => ValueTask.FromResult(version), Unchanged, TimeProvider.System, Execute, TestContext.Current.CancellationToken);

        await AskAsync();
        version = 2;
        var (second, _) = await AskAsync();
        var (third, _) = await AskAsync();

        Assert.Equal(expectedExecutions, executions);
        Assert.Equal(2, second!.DataVersion);
        Assert.Equal(second.ETag, third!.ETag);
        // Asked once, from the version kept to the one read; not at all of an answer of the present.
        Assert.Equal(ofAnInstant ? [(1L, 2L, instant)] : [], asked);
    }

    private static ValueTask<bool> Changed(long since, long now, DateTimeOffset asOf, CancellationToken cancellationToken) => new(false);

    private sealed class Executions
    {
        private int _running;
        private int _mostAtOnce;
        private int _count;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Count => Volatile.Read(ref _count);

        public async Task<(ExecutionResult, SharedAnswer?)> RunAsync(long dataVersion)
        {
            var now = Interlocked.Increment(ref _running);
            Interlocked.Increment(ref _count);
            int most;
            while (now > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most)
            {
            }

            await Task.Delay(20);
            Interlocked.Decrement(ref _running);
            return (new ExecutionResult(), new SharedAnswer(new byte[] { 1 }, "\"1\"", dataVersion, null));
        }
    }
}
