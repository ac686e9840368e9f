using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>Records a mutation the authorization rule refused before it ran (a viewer submitting, say) as a FORBIDDEN write.</summary>
internal sealed class RefusedMutationAudit(AuditTrail audit, IOptions<AccessOptions> access, IHttpContextAccessor http) : IConfigureExecution
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["submitSitrep"] = AuditActions.SubmitSitrep,
        ["amendSitrep"] = AuditActions.AmendSitrep,
        ["declareIncident"] = AuditActions.DeclareIncident,
        ["standDownIncident"] = AuditActions.StandDownIncident,
    };

    public float SortOrder => 50;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        if (result.Executed || result.Errors?.FirstOrDefault(e => e is AuthorizationError) is not { } refusal
            || Operation(options) is not { Operation: OperationType.Mutation } mutation)
        {
            return result;
        }

        var actor = Actor.From(options.User, access.Value, http.HttpContext?.Connection.RemoteIpAddress?.ToString());
        foreach (var field in mutation.SelectionSet.Selections.OfType<GraphQLField>())
        {
            if (Actions.TryGetValue(field.Name.StringValue, out var action))
            {
                await audit.RecordAsync(audit.Entry(actor, action, AuditOutcomes.Forbidden, detail: refusal.Message), options.CancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private static GraphQLOperationDefinition? Operation(ExecutionOptions options)
    {
        var operations = options.Document?.Definitions.OfType<GraphQLOperationDefinition>().ToList() ?? [];
        return string.IsNullOrEmpty(options.OperationName)
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == options.OperationName);
    }
}
