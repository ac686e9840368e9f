using GraphQL.Validation;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// Refuses a document with more than <paramref name="maxAliases"/> aliased fields: aliases are how one request
/// asks for the same expensive field many times.
/// </summary>
public sealed class MaxAliasesValidationRule(int maxAliases) : ValidationRuleBase
{
    public const string ErrorCode = "MAX_ALIASES_EXCEEDED";

    public int MaxAliases { get; } = maxAliases > 0 ? maxAliases : throw new ArgumentOutOfRangeException(nameof(maxAliases));

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var count = 0;
        return new(new MatchingNodeVisitor<GraphQLField>((field, validation) =>
        {
            if (field.Alias is not null && ++count == MaxAliases + 1)
            {
                validation.ReportError(new ValidationError(validation.Document.Source, "aliases",
                    $"The document uses more than {MaxAliases} aliases; split it into several requests.", field) { Code = ErrorCode });
            }
        }));
    }
}
