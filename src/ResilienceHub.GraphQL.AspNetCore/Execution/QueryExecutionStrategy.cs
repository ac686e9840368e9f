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
/// <b>A long list is shared with idle processors.</b> Resolvers that complete synchronously (most of a large answer:
/// values already held by their source) run one after another on one thread in GraphQL.NET's strategy, so a request
/// used one processor however many were idle. Here the tree is walked depth first, and when the walk reaches a list of
/// <see cref="LongList"/> items or more while fewer queries and helpers are running than there are processors, helpers
/// on the thread pool take items of that list as the walk does, each the next not yet taken, until none are left. Under
/// load every processor already has a query of its own and no helper is taken. Resolvers that do not complete at once
/// run concurrently, as in GraphQL.NET's strategy; nodes waiting on a data loader are set aside by the walk and every
/// helper and completed together once nothing else can run, so a batch is never split.
/// </para>
/// </summary>
/// <param name="processors">How many processors queries and their helpers may use at once; with 1, no list is shared.</param>
public sealed class QueryExecutionStrategy(int processors) : ParallelExecutionStrategy
{
    /// <summary>How many items a list holds before idle processors are asked to help with it.</summary>
    public const int LongList = 128;

    private readonly ConditionalWeakTable<ExecutionContext, ConcurrentDictionary<(GraphQLSelectionSet, IObjectGraphType), CollectedField[]>> _requests = [];
    private int _busy;

    public QueryExecutionStrategy() : this(Environment.ProcessorCount)
    {
    }

    public override async Task ExecuteNodeTreeAsync(ExecutionContext context, ExecutionNode rootNode)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _busy);
        try
        {
            var walk = new Walk(this, context, mayShare: true);
            await walk.RunAsync(walk => walk.Visit(rootNode)).ConfigureAwait(false);
            while (walk.Loading.Count > 0)
            {
                ExecutionNode[] batch = [.. walk.Loading];
                walk.Loading.Clear();
                await Task.WhenAll(batch.Select(node => CompleteDataLoaderNodeAsync(context, node))).ConfigureAwait(false);
                await walk.RunAsync(walk => Array.ForEach(batch, walk.Descend)).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>Reserves the processors that no query or helper is using, and returns how many it reserved.</summary>
    private int TakeIdleProcessors()
    {
        while (true)
        {
            var busy = Volatile.Read(ref _busy);
            if (busy >= processors)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _busy, processors, busy) == busy)
            {
                return processors - busy;
            }
        }
    }

    private async Task<List<ExecutionNode>> HelpAsync(ExecutionContext context, SharedList list)
    {
        try
        {
            var walk = new Walk(this, context, mayShare: false);
            await walk.RunAsync(walk => list.Take(walk.Visit)).ConfigureAwait(false);
            return walk.Loading;
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>
    /// One thread's depth-first walk of part of the tree, and what it leaves for later: resolvers still running, nodes
    /// waiting on their data loaders, and the helpers it took.
    /// </summary>
    private sealed class Walk(QueryExecutionStrategy strategy, ExecutionContext context, bool mayShare)
    {
        private readonly List<(Task Execution, ExecutionNode Node)> _running = [];
        private readonly List<Task<List<ExecutionNode>>> _helpers = [];

        public List<ExecutionNode> Loading { get; } = [];

        /// <summary>Starts the walk, then follows it until only nodes waiting on data loaders are left.</summary>
        public async Task RunAsync(Action<Walk> start)
        {
            try
            {
                start(this);
                while (_running.Count > 0 || _helpers.Count > 0)
                {
                    (Task Execution, ExecutionNode Node)[] running = [.. _running];
                    Task<List<ExecutionNode>>[] helpers = [.. _helpers];
                    _running.Clear();
                    _helpers.Clear();
                    await Task.WhenAll([.. running.Select(r => r.Execution), .. helpers]).ConfigureAwait(false);
                    foreach (var helper in helpers)
                    {
                        Loading.AddRange(helper.Result);
                    }

                    foreach (var (_, node) in running)
                    {
                        Descend(node);
                    }
                }
            }
            catch
            {
                // Nothing is left running when this throws; the first failure is the one reported.
                await Task.WhenAll([.. _running.Select(r => r.Execution), .. _helpers]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }

        public void Visit(ExecutionNode node)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var execution = strategy.ExecuteNodeAsync(context, node);
            if (execution.IsCompleted)
            {
                execution.GetAwaiter().GetResult();
                Descend(node);
            }
            else
            {
                _running.Add((execution, node));
            }
        }

        /// <summary>After a node's execution: it waits for its data loader, or its children are visited.</summary>
        public void Descend(ExecutionNode node)
        {
            if (node.Result is IDataLoaderResult)
            {
                Loading.Add(node);
            }
            else if (node is ArrayExecutionNode { Items: { Count: >= LongList } items } && mayShare && strategy.TakeIdleProcessors() is > 0 and var idle)
            {
                var list = new SharedList(items);
                for (var i = 0; i < idle; i++)
                {
                    // Not cancellable before it starts: a helper that never ran would never give its processor back.
                    _helpers.Add(Task.Run(() => strategy.HelpAsync(context, list), CancellationToken.None));
                }

                list.Take(Visit);
            }
            else if (node is IParentExecutionNode parent)
            {
                parent.ApplyToChildren(static (child, walk) => walk.Visit(child), this);
            }
        }
    }

    /// <summary>A list's items, each visited by whichever thread takes it next.</summary>
    private sealed class SharedList(List<ExecutionNode> items)
    {
        private int _next = -1;

        public void Take(Action<ExecutionNode> visit)
        {
            for (var i = Interlocked.Increment(ref _next); i < items.Count; i = Interlocked.Increment(ref _next))
            {
                visit(items[i]);
            }
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
