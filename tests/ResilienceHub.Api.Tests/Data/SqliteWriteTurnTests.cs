using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Data;

public class SqliteWriteTurnTests
{
    [Fact]
    public async Task ConcurrentSubmissionsTakeTurnsToSaveRatherThanMeetAtSqlitesLock()
    {
        // The second day's evening: every period of the strike is open, so each submission below has its own.
        await using var scenario = await Scenario.StartAsync(new DateTimeOffset(2016, 4, 27, 17, 0, 0, TimeSpan.Zero));
        var saves = new SaveOverlap();
        using var client = scenario.Api.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<IInterceptor>(saves)))
            .CreateClient();
        var periods = Enumerable.Range(0, 10).SelectMany(hour => new[] { Scenario.FirstPeriod.AddHours(hour), Scenario.FirstPeriod.AddDays(1).AddHours(hour) });

        var results = await Task.WhenAll(periods.Select(period =>
            client.QueryAsync("mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id } errors { code } } }",
                new { input = scenario.AcuteReturn(period) })));

        Assert.All(results, r => Assert.Empty(r["submitSitrep"]!["errors"]!.AsArray()));
        Assert.Equal(20, await scenario.CountAsync(db => db.Sitreps.CountAsync()));
        Assert.InRange(saves.Saves, 20, int.MaxValue); // and the seeder's, when the API started
        // Each save held the floor alone, although each lingered before writing.
        Assert.Equal(1, saves.MostAtOnce);
    }

    /// <summary>Counts the saves under way at once; each lingers a little first, so saves not taking turns would overlap.</summary>
    private sealed class SaveOverlap : SaveChangesInterceptor
    {
        private int _inside;
        private int _mostAtOnce;
        private int _saves;

        public int MostAtOnce => _mostAtOnce;

        public int Saves => _saves;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var inside = Interlocked.Increment(ref _inside);
            int most;
            while (inside > (most = _mostAtOnce) && Interlocked.CompareExchange(ref _mostAtOnce, inside, most) != most)
            {
            }

            await Task.Delay(20, cancellationToken);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _saves);
            Interlocked.Decrement(ref _inside);
            return ValueTask.FromResult(result);
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Decrement(ref _inside);
            return Task.CompletedTask;
        }
    }
}
