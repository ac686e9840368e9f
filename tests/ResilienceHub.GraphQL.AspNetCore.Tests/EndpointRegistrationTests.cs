using GraphQL;
using Microsoft.AspNetCore.Builder;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class EndpointRegistrationTests
{
    [Fact]
    public async Task RefusesToMapWithoutTheTransportServices()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGraphQL(graphQL => graphQL.AddSchema<TestSchema>().AddSystemTextJson());
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGraphQL<TestSchema>());

        Assert.Contains("AddHttpTransport", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxFragments))]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxFragmentDepth))]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxDepth))]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxSelections))]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxMergedFieldPairs))]
    [InlineData(nameof(Limits.DocumentLimitOptions.MaxNodes))]
    public void RefusesADocumentLimitOfZeroAtRegistration(string limit)
    {
        var builder = WebApplication.CreateSlimBuilder();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Services.AddGraphQL(graphQL => graphQL.AddDocumentLimits(
            options => typeof(Limits.DocumentLimitOptions).GetProperty(limit)!.SetValue(options, 0))));

        Assert.Equal(limit, error.ParamName);
    }

    public static TheoryData<string, Action<GraphQLHttpOptions>> InvalidOptions() => new()
    {
        { "MaxRequestBodySize", options => options.MaxRequestBodySize = 0 },
        { "ExecutionTimeout", options => options.ExecutionTimeout = TimeSpan.Zero },
        { "ExecutionTimeout", options => options.ExecutionTimeout = Timeout.InfiniteTimeSpan },
        { "ConnectionInitTimeout", options => options.WebSockets.ConnectionInitTimeout = TimeSpan.FromSeconds(-1) },
        { "ConnectionInitTimeout", options => options.WebSockets.ConnectionInitTimeout = TimeSpan.FromDays(30) },
        { "MaxMessageSize", options => options.WebSockets.MaxMessageSize = 0 },
        { "MaxOperationsPerConnection", options => options.WebSockets.MaxOperationsPerConnection = -1 },
        { "MaxConnectionsPerIdentity", options => options.WebSockets.MaxConnectionsPerIdentity = 0 },
        { "MaxOperationsPerIdentity", options => options.WebSockets.MaxOperationsPerIdentity = 0 },
        { "MaxPendingEvents", options => options.WebSockets.MaxPendingEvents = 0 },
        { "IdleTimeout", options => options.WebSockets.IdleTimeout = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task RefusesAnEndpointOptionThatIsZeroNegativeOrTooLongWhenMapped(string option, Action<GraphQLHttpOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGraphQL(graphQL => graphQL.AddSchema<TestSchema>().AddSystemTextJson().AddHttpTransport());
        await using var app = builder.Build();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => app.MapGraphQL<TestSchema>(configure: configure));

        Assert.Equal(option, error.ParamName);
    }
}
