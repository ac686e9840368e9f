namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background (an export, a span ending after the response).</summary>
public static class Eventually
{
    public static async Task<T?> FindAsync<T>(Func<T?> probe, TimeSpan? within = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Whether <paramref name="condition"/> became true within the time.</summary>
    public static async Task<bool> FindAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
