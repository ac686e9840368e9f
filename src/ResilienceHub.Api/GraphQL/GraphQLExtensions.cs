using System.ComponentModel.DataAnnotations;
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

/// <summary>The <c>GraphQL</c> configuration section: what one request may ask for, and what is open to anonymous callers.</summary>
public sealed class GraphQLLimits
{
    public const string Section = "GraphQL";

    [Range(1, 64, ErrorMessage = "GraphQL:MaxDepth must be between {1} and {2}.")]
    public int MaxDepth { get; set; } = 15;

    /// <summary>The full director dashboard in one request (every field of Dashboard) estimates at about 70,000.</summary>
    [Range(1, 10_000_000, ErrorMessage = "GraphQL:MaxComplexity must be between {1} and {2}.")]
    public int MaxComplexity { get; set; } = 200_000;

    [Range(1, 1_000, ErrorMessage = "GraphQL:MaxAliases must be between {1} and {2}.")]
    public int MaxAliases { get; set; } = 50;

    /// <summary>How many writes (top-level mutation fields) a director may batch in one request; everyone else sends one.</summary>
    [Range(1, 100, ErrorMessage = "GraphQL:MaxDirectorWrites must be between {1} and {2}.")]
    public int MaxDirectorWrites { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "GraphQL:ExecutionTimeout must be between {1} and {2}.")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether anonymous callers may introspect the schema (they may always ask for __typename); on in Development only, unless set.</summary>
    public bool AnonymousIntrospection { get; set; }

    /// <summary>Whether a browser opening /graphql gets GraphiQL; on in Development only, unless set.</summary>
    public bool GraphiQL { get; set; }
}

public static class GraphQLExtensions
{
    public const string Path = "/graphql";

    public static IHostApplicationBuilder AddResilienceGraphQL(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = builder.AddValidatedOptions<GraphQLLimits>(GraphQLLimits.Section);
        services.AddSingleton(limits);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceData>();
        services.AddScoped<IncidentLoader>();
        services.AddScoped<SitrepVersionsLoader>();
        services.AddScoped<CurrentSitrepLoader>();
        services.AddScoped<SitrepSubmissions>();
        services.AddSingleton<RecentSitrepVersions>();
        builder.AddIncidentLedgers();
        services.AddSingleton<OverdueReturnsGauge>();
        services.AddScoped<IncidentDeclarations>();
        services.AddSingleton<AuditTrail>();
        services.AddScoped<RefusedWrites>();
        services.AddSingleton<AnonymousRefusals>();
        services.AddHostedService(sp => sp.GetRequiredService<AnonymousRefusals>());
        builder.AddValidatedOptions<SitrepOptions>(SitrepOptions.Section);

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
            .AddMaxMutationFields(user => user?.IsInRole(Roles.Director) == true ? limits.MaxDirectorWrites : 1)
            // One audit entry a request for its refused writes, whether a rule stopped them before they ran or a feature while running.
            .ConfigureExecution<RefusedWriteAudit>()
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
            .RateLimitedPerCaller();
        // The export shows what the dashboard shows, so it asks what the dashboard asks: any of the roles.
        endpoints.MapSitrepExport().RequireAuthorization(policy => policy.RequireRole(Roles.All)).RateLimitedPerCaller();
        return endpoints;
    }
}
