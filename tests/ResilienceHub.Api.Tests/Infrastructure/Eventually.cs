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
}
