using GraphQL;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore;

namespace ResilienceHub.Api.GraphQL;

public static class GraphQLExtensions
{
    public const string Path = "/graphql";

    public static IHostApplicationBuilder AddResilienceGraphQL(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceData>();
        services.AddScoped<IncidentLoader>();
        services.AddScoped<SitrepVersionsLoader>();
        services.AddScoped<CurrentSitrepLoader>();
        services.AddSingleton<SitrepSubmissions>();
        services.AddSingleton<RecentSitrepVersions>();
        services.AddSingleton<IncidentLedgers>();
        services.AddSingleton<OverdueReturnsGauge>();
        services.AddSingleton<IncidentDeclarations>();
        services.AddOptions<SitrepOptions>().Bind(builder.Configuration.GetSection(SitrepOptions.Section));

        services.AddGraphQL(graphQL => graphQL
            .AddSchema<ResilienceSchema>()
            .AddGraphTypes(typeof(ResilienceSchema).Assembly)
            .AddSystemTextJson()
            .AddComplexityAnalyzer(complexity =>
            {
                complexity.MaxDepth = 15;
                // The full director dashboard in one request (every field of Dashboard) estimates at about 70,000.
                complexity.MaxComplexity = 200_000;
            })
            // Spans from the "GraphQL" ActivitySource: the document with its literals blanked, never the variables.
            .UseTelemetry(telemetry => telemetry.SanitizeDocument = options => GraphQLDocumentSanitizer.Sanitize(options.Query))
            .AddHttpTransport());
        return builder;
    }

    public static IEndpointRouteBuilder MapResilienceGraphQL(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGraphQL<ResilienceSchema>(Path);
        endpoints.MapSitrepExport();
        return endpoints;
    }
}
