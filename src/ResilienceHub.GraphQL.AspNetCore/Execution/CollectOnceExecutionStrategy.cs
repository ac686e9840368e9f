using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ResilienceHub.GraphQL.AspNetCore.Execution;

/// <summary>
/// GraphQL.NET's parallel strategy, collecting the fields of a selection set once per request and object type instead
/// of once per object. The items of a list share their selection set, so an answer with a list of 300 objects, each
/// with lists of its own, collected the same fields thousands of times. Within one request the variables, and so
/// <c>@skip</c> and <c>@include</c>, do not change, and neither do the fragments' type conditions for one object type:
/// the collected fields are the same every time. Several nodes may complete at once on different threads, hence the
/// concurrent map.
/// </summary>
public sealed class CollectOnceExecutionStrategy : ParallelExecutionStrategy
{
    private readonly ConditionalWeakTable<ExecutionContext, ConcurrentDictionary<(GraphQLSelectionSet, IObjectGraphType), CollectedField[]>> _requests = [];

    protected override void SetSubFieldNodes(ExecutionContext context, ObjectExecutionNode parent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parent);
        var type = parent.GetObjectGraphType(context.Schema)!;
        var fields = _requests.GetValue(context, _ => new()).GetOrAdd(
            (parent.SelectionSet!, type),
            static (key, state) => [.. state.Strategy.CollectFieldsFrom(state.Context, key.Item2, key.Item1, null).Values.Select(f => new CollectedField(f.field, f.fieldType))],
            (Strategy: this, Context: context));

        var subFields = new ExecutionNode[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            subFields[i] = BuildExecutionNode(parent, fields[i].Definition.ResolvedType!, fields[i].Field, fields[i].Definition);
        }

        parent.SubFields = subFields;
    }

    private sealed record CollectedField(GraphQLField Field, FieldType Definition);
}
