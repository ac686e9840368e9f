using GraphQL;
using GraphQL.DI;
using GraphQL.Validation.Complexity;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>The complexity analyzer's verdict on one request.</summary>
public sealed record QueryCost(double Complexity, int Depth, double? MaxComplexity, int? MaxDepth);

/// <summary>
/// Reports the computed cost in the response's <c>extensions.cost</c> when the request's extensions carry
/// <c>"cost": true</c>, so clients can see how close a query is to the limits.
/// </summary>
internal sealed class CostReporting : IConfigureExecution
{
    public const string RequestExtension = "cost";
    private const string UserContextKey = "ResilienceHub.GraphQL.AspNetCore.QueryCost";

    // After masking and caching have wrapped the call; the order among them does not matter.
    public float SortOrder => 100;

    /// <summary>Chains onto <see cref="ComplexityOptions.ValidateComplexityDelegate"/> to keep the cost of each request.</summary>
    public static void Record(ComplexityOptions options)
    {
        var inner = options.ValidateComplexityDelegate;
        options.ValidateComplexityDelegate = async context =>
        {
            context.ValidationContext.UserContext[UserContextKey] = new QueryCost(
                context.TotalImpact, context.MaxDepth, context.Configuration.MaxComplexity, context.Configuration.MaxDepth);
            if (inner is not null)
            {
                await inner(context).ConfigureAwait(false);
            }
        };
    }

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        if (options.Extensions?.TryGetValue(RequestExtension, out var asked) == true && asked is true
            && options.UserContext.TryGetValue(UserContextKey, out var cost) && cost is QueryCost queryCost)
        {
            (result.Extensions ??= [])[RequestExtension] = new Dictionary<string, object?>
            {
                ["complexity"] = queryCost.Complexity,
                ["depth"] = queryCost.Depth,
                ["maxComplexity"] = queryCost.MaxComplexity,
                ["maxDepth"] = queryCost.MaxDepth,
            };
        }

        return result;
    }
}
