using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.Authorization;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>
/// Ends every request with at most one audit entry for the writes it was refused: a mutation a validation rule refused
/// before anything ran (the authorization rule's FORBIDDEN, any other rule's REFUSED), and the writes the features
/// refused while it ran (<see cref="Refusals"/>). A thousand refused fields in one document are one entry; an
/// anonymous caller's refusals are not written one by one at all, but counted into one entry a minute
/// (<see cref="AnonymousRefusals"/>).
/// </summary>
internal sealed class RefusalAudit(
    AuditTrail audit, AnonymousRefusals anonymous, ResilienceMetrics metrics, IOptions<AccessOptions> access, IHttpContextAccessor http) : IConfigureExecution
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["submitSitrep"] = AuditActions.SubmitSitrep,
        ["amendSitrep"] = AuditActions.AmendSitrep,
        ["signOffSitrep"] = AuditActions.SignOffSitrep,
        ["declareIncident"] = AuditActions.DeclareIncident,
        ["standDownIncident"] = AuditActions.StandDownIncident,
        ["startReplayExercise"] = AuditActions.DeclareIncident,
        ["deleteExercise"] = AuditActions.DeleteExercise,
        ["saveOrganisation"] = AuditActions.SaveOrganisation,
        ["saveResilienceGroup"] = AuditActions.SaveGroup,
        ["saveMeasure"] = AuditActions.SaveMeasure,
        ["saveContact"] = AuditActions.SaveContact,
        ["removeContact"] = AuditActions.RemoveContact,
    };

    // Outermost but for error masking: it sees the result every other step produced.
    public float SortOrder => 50;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        var entries = options.RequestServices?.GetService<Refusals>()?.Take() ?? [];
        var actor = Actor.From(options.User, access.Value, http.HttpContext?.Connection.RemoteIpAddress?.ToString());
        if (!result.Executed && result.Errors is { Count: > 0 } errors && Operation(options) is { Operation: OperationType.Mutation } mutation)
        {
            entries.Add(RefusedBeforeRunning(actor, mutation, errors));
        }

        if (entries.Count == 0)
        {
            return result;
        }

        var outcome = entries.Any(e => e.Outcome == AuditOutcomes.Forbidden) ? AuditOutcomes.Forbidden : AuditOutcomes.Refused;
        metrics.WriteRefused(outcome, actor.IsAnonymous);
        if (actor.IsAnonymous)
        {
            anonymous.Count(entries, actor.ClientAddress);
        }
        else
        {
            // Kept even when the caller has gone: a refusal is recorded whether or not anyone reads the answer.
            await audit.RecordAsync(Summary(entries, outcome), CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    private AuditEntry RefusedBeforeRunning(Actor actor, GraphQLOperationDefinition mutation, IEnumerable<ExecutionError> errors)
    {
        var fields = mutation.SelectionSet.Selections.OfType<GraphQLField>().Select(f => f.Name.StringValue).ToList();
        var action = fields.Count > 0 && Actions.TryGetValue(fields[0], out var known) ? known : AuditActions.UnknownWrite;
        var forbidden = errors.FirstOrDefault(e => e is AuthorizationError);
        var reason = forbidden ?? errors.First();
        var what = fields.Count == 1 ? fields[0] : $"{fields.Count} writes ({Counts(fields)})";
        return audit.Entry(actor, action, forbidden is null ? AuditOutcomes.Refused : AuditOutcomes.Forbidden,
            detail: $"{what} refused before it ran: {reason.Code}: {reason.Message}");
    }

    private static AuditEntry Summary(List<AuditEntry> entries, string outcome)
    {
        if (entries.Count == 1)
        {
            return entries[0];
        }

        var first = entries[0];
        first.Outcome = outcome;
        first.Detail = $"{entries.Count} writes refused in one request ({Counts(entries.Select(e => $"{e.Action} {e.Outcome}"))}); the first: {first.Detail}";
        return first;
    }

    private static string Counts(IEnumerable<string> items) =>
        string.Join(", ", items.GroupBy(i => i, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));

    private static GraphQLOperationDefinition? Operation(ExecutionOptions options)
    {
        var operations = options.Document?.Definitions.OfType<GraphQLOperationDefinition>().ToList() ?? [];
        return string.IsNullOrEmpty(options.OperationName)
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == options.OperationName);
    }
}
