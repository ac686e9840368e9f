using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ResilienceHub.GraphQL.AspNetCore.Authorization;

/// <summary>What anonymous callers may run although the schema or root type requires authorization.</summary>
public sealed class GraphQLAuthorizationOptions
{
    /// <summary><c>__typename</c> anywhere never needs authorization.</summary>
    public bool AllowAnonymousTypename { get; set; } = true;

    /// <summary><c>__schema</c> and <c>__type</c> need no authorization.</summary>
    public bool AllowAnonymousIntrospection { get; set; } = true;
}

/// <summary>
/// Enforces GraphQL.NET's authorization metadata (<c>Authorize</c>, <c>AuthorizeWithRoles</c>,
/// <c>AuthorizeWithPolicy</c>, <c>AllowAnonymous</c>) on the schema, types, fields and arguments that the
/// selected operation would actually run, fragments expanded and <c>@skip</c>/<c>@include</c> applied,
/// through <see cref="IAuthorizationService"/>. Nothing runs when any check fails.
/// </summary>
public sealed class AuthorizationValidationRule(GraphQLAuthorizationOptions options) : ValidationRuleBase
{
    public AuthorizationValidationRule()
        : this(new GraphQLAuthorizationOptions())
    {
    }

    // After variables are parsed, so @skip(if: $var) and @include(if: $var) are known.
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) =>
            operation == validation.Operation ? new Check(options, validation).RunAsync(operation) : default));

    private sealed class Check(GraphQLAuthorizationOptions options, ValidationContext context)
    {
        private readonly HashSet<string> _visitedFragments = [];
        // Every element that needs a decision, with the first node that selected it, in document order.
        private readonly Dictionary<IMetadataReader, (string Name, ASTNode Node)> _required = [];
        // Types with at least one selected field that is not anonymous-allowed.
        private readonly HashSet<IComplexGraphType> _typesNeeded = [];
        private readonly Dictionary<IComplexGraphType, ASTNode> _typeNodes = [];

        public async ValueTask RunAsync(GraphQLOperationDefinition operation)
        {
            var root = operation.Operation switch
            {
                OperationType.Mutation => context.Schema.Mutation,
                OperationType.Subscription => context.Schema.Subscription,
                _ => (IObjectGraphType?)context.Schema.Query,
            };
            if (root is null)
            {
                return;
            }

            Collect(operation.SelectionSet, root);
            if (_typesNeeded.Contains(root))
            {
                Require(context.Schema, "the schema", operation);
            }

            foreach (var type in _typesNeeded)
            {
                Require(type, $"type '{type.Name}'", _typeNodes[type]);
            }

            foreach (var (element, (name, node)) in _required)
            {
                if (!await AuthorizeAsync(element).ConfigureAwait(false))
                {
                    context.ReportError(AuthorizationError.For(context, context.User, name, element.GetRoles(), node));
                }
            }
        }

        private void Collect(GraphQLSelectionSet selectionSet, IGraphType type)
        {
            foreach (var selection in selectionSet.Selections)
            {
                if (!context.ShouldIncludeNode(selection))
                {
                    continue;
                }

                switch (selection)
                {
                    case GraphQLField field when type is IComplexGraphType complex:
                        CollectField(field, complex);
                        break;
                    case GraphQLInlineFragment inline:
                        Collect(inline.SelectionSet, TypeCondition(inline.TypeCondition) ?? type);
                        break;
                    // A named fragment's checks do not depend on where it is spread, so each is walked once.
                    case GraphQLFragmentSpread spread when _visitedFragments.Add(spread.FragmentName.Name.StringValue):
                        if (context.Document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment)
                        {
                            Collect(fragment.SelectionSet, TypeCondition(fragment.TypeCondition) ?? type);
                        }

                        break;
                }
            }
        }

        private void CollectField(GraphQLField field, IComplexGraphType parent)
        {
            var name = field.Name.Value;
            if (name == "__typename")
            {
                NeedType(parent, field, anonymousAllowed: options.AllowAnonymousTypename);
                return;
            }

            if (name == "__schema" || name == "__type")
            {
                // Introspection types carry no metadata; only the root's and the schema's requirements apply.
                NeedType(parent, field, anonymousAllowed: options.AllowAnonymousIntrospection);
                return;
            }

            if (parent.GetField(name) is not { } definition)
            {
                return; // Unknown fields are reported by the core rules.
            }

            NeedType(parent, field, anonymousAllowed: definition.IsAnonymousAllowed());
            Require(definition, $"field '{parent.Name}.{definition.Name}'", field);
            foreach (var argument in field.Arguments?.Items ?? [])
            {
                if (definition.Arguments?.Find(argument.Name.Value) is { } argumentDefinition)
                {
                    Require(argumentDefinition, $"argument '{argument.Name.Value}' of '{parent.Name}.{definition.Name}'", argument);
                }
            }

            var returned = definition.ResolvedType?.GetNamedType();
            // An object or interface type's own requirement applies through the fields selected on it, in Collect.
            if (returned is not null and not IComplexGraphType)
            {
                Require(returned, $"type '{returned.Name}'", field);
            }

            if (returned is not null && field.SelectionSet is { } selectionSet)
            {
                Collect(selectionSet, returned);
            }
        }

        private IGraphType? TypeCondition(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.Value];

        private void NeedType(IComplexGraphType type, ASTNode node, bool anonymousAllowed)
        {
            if (!anonymousAllowed && _typesNeeded.Add(type))
            {
                _typeNodes[type] = node;
            }
        }

        private void Require(IMetadataReader element, string name, ASTNode node)
        {
            if (element.IsAuthorizationRequired())
            {
                _required.TryAdd(element, (name, node));
            }
        }

        private async ValueTask<bool> AuthorizeAsync(IMetadataReader element)
        {
            var user = context.User ?? new ClaimsPrincipal(new ClaimsIdentity());
            var service = (context.RequestServices ?? throw new InvalidOperationException("Authorization needs ExecutionOptions.RequestServices."))
                .GetRequiredService<IAuthorizationService>();

            List<IAuthorizationRequirement> requirements = [new DenyAnonymousAuthorizationRequirement()];
            if (element.GetRoles() is { Count: > 0 } roles)
            {
                requirements.Add(new RolesAuthorizationRequirement(roles));
            }

            if (!(await service.AuthorizeAsync(user, context, requirements).ConfigureAwait(false)).Succeeded)
            {
                return false;
            }

            foreach (var policy in element.GetPolicies() ?? [])
            {
                if (!(await service.AuthorizeAsync(user, context, policy).ConfigureAwait(false)).Succeeded)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
