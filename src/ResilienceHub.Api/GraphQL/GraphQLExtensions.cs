using GraphQL;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore;
using ResilienceHub.GraphQL.AspNetCore.Http;

namespace ResilienceHub.Api.GraphQL;

/// <summary>The <c>GraphQL</c> configuration section: what one request may ask for.</summary>
public sealed class GraphQLLimits
{
    public const string Section = "GraphQL";

    public int MaxDepth { get; set; } = 15;

    /// <summary>The full director dashboard in one request (every field of Dashboard) estimates at about 70,000.</summary>
    public int MaxComplexity { get; set; } = 200_000;

    public int MaxAliases { get; set; } = 50;

    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether anonymous callers may introspect the schema (they may always ask for __typename).</summary>
    public bool AnonymousIntrospection { get; set; } = true;
}

public static class GraphQLExtensions
{
    public const string Path = "/graphql";

    public static IHostApplicationBuilder AddResilienceGraphQL(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = builder.Configuration.GetSection(GraphQLLimits.Section).Get<GraphQLLimits>() ?? new GraphQLLimits();
        services.AddSingleton(limits);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceData>();
        services.AddScoped<IncidentLoader>();
        services.AddScoped<SitrepVersionsLoader>();
        services.AddScoped<CurrentSitrepLoader>();
        services.AddSingleton<SitrepSubmissions>();
        services.AddSingleton<RecentSitrepVersions>();
        services.AddIncidentLedgers(builder.Configuration);
        services.AddSingleton<OverdueReturnsGauge>();
        services.AddSingleton<IncidentDeclarations>();
        services.AddSingleton<AuditTrail>();
        services.AddOptions<SitrepOptions>().Bind(builder.Configuration.GetSection(SitrepOptions.Section));

        services.AddGraphQL(graphQL => graphQL
            .AddSchema<ResilienceSchema>()
            .AddGraphTypes(typeof(ResilienceSchema).Assembly)
            .AddSystemTextJson(json => json.Converters.Add(new ExecutionResultJsonWriter { ReleaseWrittenNodes = true }))
            .AddQueryExecution()
            .AddAuthorizationRule(authorization => authorization.AllowAnonymousIntrospection = limits.AnonymousIntrospection)
            .AddComplexityLimits(complexity =>
            {
                complexity.MaxDepth = limits.MaxDepth;
                complexity.MaxComplexity = limits.MaxComplexity;
            })
            .AddMaxAliases(limits.MaxAliases)
            // Refused mutations are audited even when the authorization rule stopped them before they ran.
            .ConfigureExecution<RefusedMutationAudit>()
            // Spans from the "GraphQL" ActivitySource: the document with its literals blanked, never the variables.
            .UseTelemetry(telemetry => telemetry.SanitizeDocument = options => GraphQLDocumentSanitizer.Sanitize(options.Query))
            .AddHttpTransport());
        return builder;
    }

    public static IEndpointRouteBuilder MapResilienceGraphQL(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<GraphQLLimits>();
        endpoints.MapGraphQL<ResilienceSchema>(Path, options =>
            {
                options.ExecutionTimeout = limits.ExecutionTimeout;
                options.WebSockets.AuthenticateConnection = WebSocketAuthentication.AuthenticateAsync;
            })
            .RequireRateLimiting(RateLimitOptions.Policy);
        // The export shows what the dashboard shows, so it asks what the dashboard asks: any of the roles.
        endpoints.MapSitrepExport().RequireAuthorization(policy => policy.RequireRole(Roles.All));
        return endpoints;
    }
}
