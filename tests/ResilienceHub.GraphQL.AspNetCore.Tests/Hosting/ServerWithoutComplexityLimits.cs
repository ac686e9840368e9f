namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>
/// A <see cref="GraphQLTestServer"/> of a test class's own without the complexity limits, which refuse documents the
/// document limits let through (the full introspection query among them).
/// </summary>
public sealed class ServerWithoutComplexityLimits : IAsyncLifetime
{
    public GraphQLTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await GraphQLTestServer.StartAsync(complexityLimits: false);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
