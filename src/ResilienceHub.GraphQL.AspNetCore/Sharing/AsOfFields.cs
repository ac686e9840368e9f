using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// Fields that promise to read only state (whatever a write changes in place, which moves the data version as a
/// change) and what was recorded up to the instant their resolvers name to the request's <see cref="AnswerLifetime"/>.
/// An answer of a past instant made of such fields alone is the same after a write that only records things later than
/// that instant (<see cref="IAnswerSharing.UnchangedAsOfAsync"/>): a replay of the past need not be computed again for
/// every new return. A field promises nothing unless marked, so a document with one unmarked field anywhere reads the
/// present.
/// </summary>
public static class AsOfFields
{
    internal const string MetadataKey = "ResilienceHub.ReadsAsOf";

    /// <summary>
    /// Marks a field, or every field of a type, as promising to read only state and what was recorded up to the instant
    /// of the answer; a resolver of one that reads records by an instant names it (<see cref="AnswerLifetime.ReadsUpTo"/>).
    /// </summary>
    public static TMetadataWriter ReadsAsOf<TMetadataWriter>(this TMetadataWriter element) where TMetadataWriter : IMetadataWriter =>
        element.WithMetadata(MetadataKey, true);
}

/// <summary>
/// Tells the request's <see cref="AnswerLifetime"/> when every field the operation would run (fragments expanded,
/// <c>@skip</c>/<c>@include</c> applied) is marked by <see cref="AsOfFields.ReadsAsOf"/>, itself or by its type. It
/// reports nothing: a document that is not of an instant is answered as any other.
/// </summary>
public sealed class AsOfValidationRule : ValidationRuleBase
{
    // After variables are parsed, so @skip(if: $var) and @include(if: $var) are known.
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) =>
        {
            if (operation == validation.Operation && operation.Operation == OperationType.Query && validation.Schema.Query is { } query
                && new Walk(validation).Reads(operation.SelectionSet, query))
            {
                validation.RequestServices?.GetService<AnswerLifetime>()?.EveryFieldReadsAsOf();
            }
        }));

    private sealed class Walk(ValidationContext context)
    {
        // A named fragment reads the same wherever it is spread: walked once (a failure ends the walk).
        private readonly HashSet<string> _walkedFragments = [];

        public bool Reads(GraphQLSelectionSet selectionSet, IGraphType type)
        {
            foreach (var selection in selectionSet.Selections)
            {
                if (!context.ShouldIncludeNode(selection))
                {
                    continue;
                }

                var reads = selection switch
                {
                    GraphQLField field => Reads(field, type),
                    GraphQLInlineFragment inline => Reads(inline.SelectionSet, TypeCondition(inline.TypeCondition) ?? type),
                    GraphQLFragmentSpread spread => !_walkedFragments.Add(spread.FragmentName.Name.StringValue)
                        || (context.Document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                            && Reads(fragment.SelectionSet, TypeCondition(fragment.TypeCondition) ?? type)),
                    _ => false,
                };
                if (!reads)
                {
                    return false;
                }
            }

            return true;
        }

        private bool Reads(GraphQLField field, IGraphType parent)
        {
            var name = field.Name.StringValue;
            if (name is "__typename" or "__schema" or "__type")
            {
                // The schema never changes while the app runs.
                return true;
            }

            // Only an object type's own fields: an interface's field is resolved by whichever type implements it.
            if (parent is not IObjectGraphType type || type.GetField(name) is not { } definition
                || !(definition.GetMetadata(AsOfFields.MetadataKey, false) || type.GetMetadata(AsOfFields.MetadataKey, false)))
            {
                return false;
            }

            return field.SelectionSet is not { } selections || Reads(selections, definition.ResolvedType!.GetNamedType());
        }

        private IGraphType? TypeCondition(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];
    }
}
