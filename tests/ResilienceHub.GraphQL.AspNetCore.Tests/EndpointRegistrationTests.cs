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
}
