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
}
