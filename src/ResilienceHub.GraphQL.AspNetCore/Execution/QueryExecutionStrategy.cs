using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL.DataLoader;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ResilienceHub.GraphQL.AspNetCore.Execution;

/// <summary>
/// GraphQL.NET's parallel strategy, changed in two ways for answers of tens of thousands of fields.
/// <para>
/// <b>Fields are collected once per request and object type</b>, not once per object. The items of a list share their
/// selection set, so an answer with a list of 300 objects, each with lists of its own, collected the same fields
/// thousands of times. Within one request the variables, and so <c>@skip</c> and <c>@include</c>, do not change, and
/// neither do the fragments' type conditions for one object type: the collected fields are the same every time.
/// </para>
/// <para>
/// <b>A wide level is split between idle processors.</b> Resolvers that complete synchronously (most of a large
/// answer: values already held by their source) run one after another on one thread in GraphQL.NET's strategy, so a
/// request used one processor however many were idle. The tree is executed a level at a time, and once a level holds
/// <see cref="WideLevel"/> nodes while fewer queries are executing than there are processors, its nodes are dealt in
/// turn to one part per processor so shared, and each part executes its nodes' subtrees on a thread of its own. Under
/// load every processor already has a query of its own, and a level is not split. Nodes waiting on a data loader are
/// set aside by every part and completed together once all the parts are done, so a batch is never split.
/// Resolvers already run concurrently in GraphQL.NET's parallel strategy; this asks nothing more of them.
/// </para>
/// </summary>
public sealed class QueryExecutionStrategy(int processors) : ParallelExecutionStrategy
{
    /// <summary>How many nodes a level holds before it is split between processors.</summary>
    public const int WideLevel = 256;

    private readonly ConditionalWeakTable<ExecutionContext, ConcurrentDictionary<(GraphQLSelectionSet, IObjectGraphType), CollectedField[]>> _requests = [];
    private int _executing;

    public QueryExecutionStrategy() : this(Environment.ProcessorCount)
    {
    }

    public override async Task ExecuteNodeTreeAsync(ExecutionContext context, ExecutionNode rootNode)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _executing);
        try
        {
            List<ExecutionNode> ready = [rootNode];
            List<ExecutionNode> loading = [];
            while (ready.Count > 0 || loading.Count > 0)
            {
                loading.AddRange(await ExecuteLevelsAsync(context, ready, mayShare: true).ConfigureAwait(false));
                ready = [];
                var batch = loading;
                loading = [];
                await Task.WhenAll(batch.Select(node => CompleteDataLoaderNodeAsync(context, node))).ConfigureAwait(false);
                foreach (var node in batch)
                {
                    Advance(node, ready, loading);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _executing);
        }
    }

    /// <summary>Executes the nodes and their subtrees, but for the nodes waiting on a data loader, which it returns.</summary>
    private async Task<List<ExecutionNode>> ExecuteLevelsAsync(ExecutionContext context, List<ExecutionNode> level, bool mayShare)
    {
        List<ExecutionNode> loading = [];
        while (level.Count > 0)
        {
            var parts = mayShare && level.Count >= WideLevel ? processors / Math.Max(1, Volatile.Read(ref _executing)) : 1;
            if (parts > 1)
            {
                var dealt = Enumerable.Range(0, parts).Select(part => level.Where((_, i) => i % parts == part).ToList()).ToList();
                // The other parts go to the thread pool first; then this thread takes the first part itself.
                var others = dealt.Skip(1).Select(nodes => Task.Run(() => ExecuteLevelsAsync(context, nodes, mayShare: false), context.CancellationToken)).ToList();
                var mine = ExecuteLevelsAsync(context, dealt[0], mayShare: false);
                foreach (var waiting in await Task.WhenAll([mine, .. others]).ConfigureAwait(false))
                {
                    loading.AddRange(waiting);
                }

                return loading;
            }

            List<ExecutionNode> next = [];
            List<(Task Task, ExecutionNode Node)> asynchronous = [];
            try
            {
                foreach (var node in level)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    var execution = ExecuteNodeAsync(context, node);
                    if (execution.IsCompleted)
                    {
                        await execution.ConfigureAwait(false);
                        Advance(node, next, loading);
                    }
                    else
                    {
                        asynchronous.Add((execution, node));
                    }
                }
            }
            catch
            {
                // Nothing is left running when this throws; the first failure is the one reported.
                await Task.WhenAll(asynchronous.Select(a => a.Task)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            await Task.WhenAll(asynchronous.Select(a => a.Task)).ConfigureAwait(false);
            foreach (var (_, node) in asynchronous)
            {
                Advance(node, next, loading);
            }

            level = next;
        }

        return loading;
    }

    /// <summary>A node done: its children join the next level, or it waits for its data loader.</summary>
    private static void Advance(ExecutionNode node, List<ExecutionNode> next, List<ExecutionNode> loading)
    {
        if (node.Result is IDataLoaderResult)
        {
            loading.Add(node);
        }
        else if (node is IParentExecutionNode parent)
        {
            parent.ApplyToChildren(static (child, next) => next.Add(child), next);
        }
    }

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
