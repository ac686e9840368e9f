using System.Security.Claims;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// Refuses a mutation with more top-level fields (writes) than the caller may send at once, fragments included, so
/// that one request cannot carry a thousand copies of a write. <paramref name="maxFields"/> says how many for a caller.
/// </summary>
public sealed class MaxMutationFieldsValidationRule(Func<ClaimsPrincipal?, int> maxFields) : ValidationRuleBase
{
    public const string ErrorCode = "MAX_WRITES_EXCEEDED";

    // With the authorization rule (also a post visitor), so a caller who may not write at all is told that too.
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        new(context.Operation is { Operation: OperationType.Mutation } mutation
            ? new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) =>
            {
                if (operation != mutation)
                {
                    return;
                }

                var allowed = maxFields(validation.User);
                var writes = CountWrites(operation.SelectionSet, validation.Document, allowed);
                if (writes > allowed)
                {
                    validation.ReportError(new ValidationError(validation.Document.Source, "writes",
                        allowed == 1
                            ? "A mutation may carry one write (one top-level field); send each write as a request of its own."
                            : $"A mutation may carry at most {allowed} writes (top-level fields); split it into several requests.", operation) { Code = ErrorCode });
                }
            })
            : null);

    // Top-level fields (not __typename), through fragments, counting no further than one past the limit.
    private static int CountWrites(GraphQLSelectionSet root, GraphQLDocument document, int limit)
    {
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<GraphQLSelectionSet>([root]);
        while (pending.TryPop(out var set) && count <= limit)
        {
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field when !field.Name.StringValue.StartsWith("__", StringComparison.Ordinal):
                        count++;
                        break;
                    case GraphQLInlineFragment inline:
                        pending.Push(inline.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread when seen.Add(spread.FragmentName.Name.StringValue):
                        if (document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue) is { } fragment)
                        {
                            pending.Push(fragment.SelectionSet);
                        }
                        break;
                }
            }
        }

        return count;
    }
}
