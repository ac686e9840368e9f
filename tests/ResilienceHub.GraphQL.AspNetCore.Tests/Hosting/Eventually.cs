namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>Waits for a condition the server reaches on its own time, with a deadline instead of a fixed sleep.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen in time");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
