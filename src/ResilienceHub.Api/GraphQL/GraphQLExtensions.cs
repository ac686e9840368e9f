using GraphQL;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Screen;
using ResilienceHub.GraphQL.AspNetCore.Http;
using ResilienceHub.GraphQL.AspNetCore;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

namespace ResilienceHub.Api.GraphQL;

public static class GraphQLExtensions
{
    public const string Path = "/graphql";

    /// <summary>GraphQL.NET with the schema, the library's transports and limits, and the execution steps every request goes through.</summary>
    public static IHostApplicationBuilder AddResilienceGraphQL(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = builder.AddValidatedOptions<GraphQLLimits>(GraphQLLimits.Section);
        services.AddSingleton(limits);

        services.AddGraphQL(graphQL =>
        {
            graphQL
                .AddSchema<ResilienceSchema>()
                .AddGraphTypes(typeof(ResilienceSchema).Assembly)
                .AddSystemTextJson(json => json.Converters.Add(new ExecutionResultJsonWriter { EmptiesResultAsWritten = true }))
                // The dashboard's resolvers read what their source holds; a large one answers sooner for using the idle processors.
                .AddQueryExecution(shareLongListsWithIdleProcessors: true)
                .AddAuthorizationRule(authorization => authorization.AllowAnonymousIntrospection = limits.AnonymousIntrospection)
                .AddComplexityLimits(complexity =>
                {
                    complexity.MaxDepth = limits.MaxDepth;
                    complexity.MaxComplexity = limits.MaxComplexity;
                })
                // Checked by one walk of the parsed document before anything that could take longer than the document is long.
                .AddDocumentLimits(document =>
                {
                    document.MaxDepth = limits.MaxDepth;
                    document.MaxFragments = limits.MaxFragments;
                    document.MaxFragmentDepth = limits.MaxFragmentDepth;
                    document.MaxSelections = limits.MaxSelections;
                    document.MaxMergedFieldPairs = limits.MaxMergedFieldPairs;
                    document.MaxNodes = limits.MaxNodes;
                    document.AnonymousMaxNodes = limits.AnonymousMaxNodes;
                    document.MaxArguments = limits.MaxArguments;
                })
                .AddMaxAliases(limits.MaxAliases)
                .AddMaxMutationFields(user => user?.IsInRole(Roles.Director) == true ? limits.MaxDirectorWrites : 1)
                // One audit entry a request for its refused writes, whether a rule stopped them before they ran or a feature while running.
                .ConfigureExecution<RefusalAudit>()
                // Spans from the "GraphQL" ActivitySource: the document with its literals blanked, never the variables.
                .UseTelemetry(telemetry => telemetry.SanitizeDocument = options => GraphQLDocumentSanitizer.Sanitize(options.Query))
                .AddAnswerLifetime()
                // The screen's documents, registered by its build; with PersistedDocumentsOnly, nothing else runs.
                .AddPersistedDocuments(ScreenDocuments.Load, only: limits.PersistedDocumentsOnly)
                .AddHttpTransport();
            // Callers who see the same things share one execution of the same query until the data or the clock changes it.
            // Not on SQL Server yet: an identity is given there when a row is inserted, not when it commits, so the audit
            // trail's highest id can pass a write still to commit, and an answer kept at it would miss that write.
            if (limits.ShareAnswers && DatabaseExtensions.ReadProvider(builder.Configuration) == DatabaseProvider.Sqlite)
            {
                graphQL.AddSharedAnswers<AnswerSharing>(limits.SharedAnswerBytes);
            }
        });

        return builder;
    }

    public static IEndpointRouteBuilder MapResilienceGraphQL(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<GraphQLLimits>();
        var live = endpoints.ServiceProvider.GetRequiredService<IOptions<LiveUpdateOptions>>().Value;
        // Read when a socket first needs it: commands that never serve must not need the sign-in settings.
        var access = endpoints.ServiceProvider.GetRequiredService<IOptions<AccessOptions>>();
        if (limits.PersistedDocumentsOnly)
        {
            // Read at the start, so that a deployment that could run nothing stops there rather than at the first request.
            endpoints.ServiceProvider.GetRequiredService<IPersistedDocumentStore>();
        }
        endpoints.MapGraphQL<ResilienceSchema>(Path, options =>
            {
                options.ExecutionTimeout = limits.ExecutionTimeout;
                var socket = options.WebSockets;
                socket.AuthenticateConnection = WebSocketAuthentication.AuthenticateAsync;
                // Every operation on a socket draws on the caller's rate limit, as each HTTP request does.
                socket.AdmitOperation = RateLimits.AdmitOperationAsync;
                socket.CredentialsExpireAt = user => WebSocketAuthentication.ExpiresAt(user, access.Value.ClockSkew);
                socket.IdentityKey = RateLimits.PartitionKey;
                socket.MaxConnectionsPerIdentity = live.MaxConnectionsPerIdentity;
                socket.MaxOperationsPerIdentity = live.MaxOperationsPerIdentity;
                socket.IdleTimeout = live.IdleTimeout;
            })
            .RateLimitedPerCaller();
        return endpoints;
    }
}
