using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using ServiceLifetime = GraphQL.DI.ServiceLifetime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GraphQL.Validation.Complexity;
using ResilienceHub.GraphQL.AspNetCore.Authorization;
using ResilienceHub.GraphQL.AspNetCore.Caching;
using ResilienceHub.GraphQL.AspNetCore.Errors;
using ResilienceHub.GraphQL.AspNetCore.Execution;
using ResilienceHub.GraphQL.AspNetCore.Limits;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;
using ResilienceHub.GraphQL.AspNetCore.Sharing;
using ResilienceHub.GraphQL.AspNetCore.Validation;
using ResilienceHub.GraphQL.AspNetCore.WebSockets;

namespace ResilienceHub.GraphQL.AspNetCore;

public static class GraphQLHttpBuilderExtensions
{
    /// <summary>
    /// Registers what <c>MapGraphQL</c> relies on: the parsed-document cache, the check of variables' values, the
    /// masking of unexpected errors and the per-event execution of subscriptions.
    /// </summary>
    /// <param name="maxCachedDocuments">How many distinct parsed queries to keep.</param>
    public static IGraphQLBuilder AddHttpTransport(this IGraphQLBuilder builder, int maxCachedDocuments = 1000)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // One cache for the app, consulted by the endpoint and by every DocumentExecuter run.
        builder.Services.TryRegister(typeof(GraphQLDocumentCache),
            sp => new GraphQLDocumentCache(sp.GetRequiredService<IDocumentBuilder>(), maxCachedDocuments, sp.GetService<ILogger<GraphQLDocumentCache>>()),
            ServiceLifetime.Singleton);
        builder.ConfigureExecution(sp => sp.GetRequiredService<GraphQLDocumentCache>());

        // Every problem with the variables' values reported at once, with the path and the reason; at most 100 errors an answer.
        builder.ConfigureExecution<VariableValueCheck>();
        builder.ConfigureExecution<ReportedErrorLimit>();

        // Unexpected exceptions become a fixed message plus a correlation id; the details go to the log.
        builder.Services.TryRegister(typeof(IHttpContextAccessor), typeof(HttpContextAccessor), ServiceLifetime.Singleton);
        builder.ConfigureExecution<UnexpectedErrorMasking>();

        // Each subscription event runs as a request of its own, so rules such as authorization see every event.
        builder.AddExecutionStrategy<EventExecutionSubscriptionStrategy>(GraphQLParser.AST.OperationType.Subscription);

        // Without this GraphQL.NET lists codes derived from exception type names.
        return builder.AddErrorInfoProvider(options => options.ExposeCodes = false);
    }

    /// <summary>
    /// Shares the answers of queries over HTTP between callers <typeparamref name="TSharing"/> says see the same things,
    /// within <paramref name="budgetBytes"/> of answers kept: a query is executed once per request, audience and data
    /// version, and again when a resolver's <see cref="AnswerLifetime"/> runs out. Every resolver whose value depends on
    /// the caller alone, on the clock, or on being read each time must say so to the request's <see cref="AnswerLifetime"/>.
    /// </summary>
    public static IGraphQLBuilder AddSharedAnswers<TSharing>(this IGraphQLBuilder builder, long budgetBytes)
        where TSharing : class, IAnswerSharing
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        builder.Services.Register<IAnswerSharing, TSharing>(ServiceLifetime.Singleton);
        builder.Services.TryRegister(typeof(SharedAnswers), _ => new SharedAnswers(budgetBytes), ServiceLifetime.Singleton);
        builder.Services.TryRegister(typeof(DataVersionReads), services => new DataVersionReads(services.GetRequiredService<IAnswerSharing>()), ServiceLifetime.Singleton);
        // Which documents read only what their fields promise (AsOfFields), so that an answer of a past instant outlives later records.
        builder.AddValidationRule(new AsOfValidationRule(), useForCachedDocuments: true);
        return builder.AddAnswerLifetime();
    }

    /// <summary>
    /// Accepts persisted document requests (GraphQL over HTTP's <c>documentId</c>, by GET, POST or a WebSocket's subscribe)
    /// for the documents <paramref name="store"/> holds; an unknown id is answered with
    /// <see cref="PersistedDocumentError.NotFound"/>. With <paramref name="only"/>, nothing else runs: a document's text
    /// is refused with <see cref="PersistedDocumentError.IdRequired"/> unless it is exactly a registered one.
    /// </summary>
    public static IGraphQLBuilder AddPersistedDocuments(this IGraphQLBuilder builder, Func<IServiceProvider, IPersistedDocumentStore> store, bool only = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Register(typeof(IPersistedDocumentStore), store, ServiceLifetime.Singleton);
        return only ? builder.ConfigureExecution(sp => new PersistedDocumentsOnly(sp.GetRequiredService<IPersistedDocumentStore>())) : builder;
    }

    /// <summary>The request's <see cref="AnswerLifetime"/>, which resolvers may speak to whether or not answers are shared.</summary>
    public static IGraphQLBuilder AddAnswerLifetime(this IGraphQLBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryRegister(typeof(AnswerLifetime), typeof(AnswerLifetime), ServiceLifetime.Scoped);
        return builder;
    }

    /// <summary>
    /// Queries collect each selection set's fields once per request and object type (see <see cref="QueryExecutionStrategy"/>).
    /// With <paramref name="shareLongListsWithIdleProcessors"/>, helpers on processors no query is using also resolve the
    /// items of long lists: resolvers that complete synchronously then run on several threads at once, so every resolver
    /// of the schema must be safe to run so, and a request takes more processor time in all for a shorter wait.
    /// </summary>
    public static IGraphQLBuilder AddQueryExecution(this IGraphQLBuilder builder, bool shareLongListsWithIdleProcessors = false) =>
        builder.AddExecutionStrategy(
            new QueryExecutionStrategy(shareLongListsWithIdleProcessors ? Environment.ProcessorCount : 1), GraphQLParser.AST.OperationType.Query);

    /// <summary>
    /// Enforces the schema's authorization metadata on every request (see <see cref="AuthorizationValidationRule"/>).
    /// Needs ASP.NET Core authorization services (<c>services.AddAuthorization()</c>).
    /// </summary>
    public static IGraphQLBuilder AddAuthorizationRule(this IGraphQLBuilder builder, Action<GraphQLAuthorizationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GraphQLAuthorizationOptions();
        configure?.Invoke(options);
        return builder.AddValidationRule(new AuthorizationValidationRule(options), useForCachedDocuments: true);
    }

    /// <summary>Refuses documents with more than <paramref name="maxAliases"/> aliased fields.</summary>
    public static IGraphQLBuilder AddMaxAliases(this IGraphQLBuilder builder, int maxAliases) =>
        builder.AddValidationRule(new MaxAliasesValidationRule(maxAliases), useForCachedDocuments: true);

    /// <summary>Refuses a mutation with more top-level fields than <paramref name="maxFields"/> allows the caller (see <see cref="MaxMutationFieldsValidationRule"/>).</summary>
    public static IGraphQLBuilder AddMaxMutationFields(this IGraphQLBuilder builder, Func<System.Security.Claims.ClaimsPrincipal?, int> maxFields) =>
        builder.AddValidationRule(new MaxMutationFieldsValidationRule(maxFields), useForCachedDocuments: true);

    /// <summary>
    /// Refuses, before validation, a document past any of <see cref="DocumentLimitOptions"/> (fragments, fragment depth,
    /// depth, selections, nodes, same-named field pairs), each with its <see cref="DocumentLimitError"/> code, so that no document costs more than
    /// time linear in its size. Defaults apply to whatever <paramref name="configure"/> leaves alone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public static IGraphQLBuilder AddDocumentLimits(this IGraphQLBuilder builder, Action<DocumentLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DocumentLimitOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.ConfigureExecution(sp => new DocumentLimits(options, sp.GetRequiredService<ILogger<DocumentLimits>>()));
    }

    /// <summary>
    /// GraphQL.NET's complexity analyzer (depth and cost limits, introspection included), reporting the
    /// computed cost in <c>extensions.cost</c> when a request's extensions ask with <c>"cost": true</c>.
    /// </summary>
    public static IGraphQLBuilder AddComplexityLimits(this IGraphQLBuilder builder, Action<ComplexityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddComplexityAnalyzer(options =>
        {
            configure(options);
            CostReporting.Record(options);
        });
        return builder.ConfigureExecution<CostReporting>();
    }
}
