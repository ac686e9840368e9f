using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Caching;
using ResilienceHub.GraphQL.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore;

public static class GraphQLHttpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TSchema"/> over HTTP GET and POST at <paramref name="pattern"/>
    /// (GraphQL over HTTP). Needs <c>services.AddGraphQL(b => b.AddSchema&lt;TSchema&gt;().AddSystemTextJson().AddHttpTransport())</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL<TSchema>(
        this IEndpointRouteBuilder endpoints,
        string pattern = "/graphql",
        Action<GraphQLHttpOptions>? configure = null)
        where TSchema : ISchema
    {
        // Fail at startup, not on the first request, when the transport services are missing.
        if (endpoints.ServiceProvider.GetService<GraphQLDocumentCache>() is null)
        {
            throw new InvalidOperationException(
                "MapGraphQL needs the GraphQL HTTP transport services: call services.AddGraphQL(b => b.AddHttpTransport()).");
        }

        var options = new GraphQLHttpOptions();
        configure?.Invoke(options);
        options.Validate();
        var handler = new GraphQLHttpHandler<TSchema>(options, endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
        return endpoints.Map(pattern, handler.HandleAsync)
            .WithDisplayName($"GraphQL {typeof(TSchema).Name}")
            // So that tests (and diagnostics) can see the per-identity counts.
            .WithMetadata(handler.WebSocketIdentities);
    }
}
