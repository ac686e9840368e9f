using GraphQL.Validation;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>Fails validation of every operation; added per request by the execution hook.</summary>
public sealed class DenyingValidationRule : ValidationRuleBase
{
    public const string Message = "Denied by a per-request rule.";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((_, validation) => validation.ReportError(new ValidationError(Message))));
}
