namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>One API with the demo incident seeded, shared by the tests of a class that only read.</summary>
public sealed class DemoApi : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new(demo: true);

    public HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Client = Factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
