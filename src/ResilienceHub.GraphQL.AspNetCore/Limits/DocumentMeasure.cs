using GraphQLParser;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// What a document comes to, for <see cref="DocumentLimits"/>: its size as written and, once its fragments are inlined,
/// its selections and depth. Measured with explicit stacks, never by recursion, and each fragment once: its figures are
/// kept and added at every spread, so a fragment spread twice by a fragment spread twice is counted, not walked.
/// A spread of an unknown fragment or one that closes a cycle counts as a selection and adds nothing; validation
/// reports those.
/// </summary>
internal sealed class DocumentMeasure
{
    // Counts stop growing here, so that fragments multiplying each other cannot overflow.
    public const long Saturated = int.MaxValue;

    private readonly List<GraphQLExecutableDefinition> _definitions;
    private readonly Dictionary<ROM, int> _fragmentIndex;
    private readonly GraphQLFragmentDefinition[] _fragments;
    private readonly bool[] _onCycle;

    private DocumentMeasure(List<GraphQLExecutableDefinition> definitions, Dictionary<ROM, int> fragmentIndex,
        GraphQLFragmentDefinition[] fragments, bool[] onCycle)
    {
        _definitions = definitions;
        _fragmentIndex = fragmentIndex;
        _fragments = fragments;
        _onCycle = onCycle;
    }

    /// <summary>Fragment definitions, same-named ones included.</summary>
    public int Fragments { get; private init; }

    /// <summary>The longest chain of spreads from any operation or fragment.</summary>
    public int FragmentDepth { get; private init; }

    /// <summary>The deepest nesting of fields once fragments are inlined.</summary>
    public int Depth { get; private init; }

    /// <summary>Fields, inline fragments and fragment spreads once fragments are inlined, summed over every definition.</summary>
    public long Selections { get; private init; }

    /// <summary>Syntax nodes as written.</summary>
    public int Nodes { get; private init; }

    /// <summary>The most arguments, directives or variable definitions on any one element of the document.</summary>
    public int WidestList { get; private init; }

    public override string ToString() =>
        $"{Fragments} fragments, fragment depth {FragmentDepth}, depth {Depth}, {Selections} selections, {Nodes} nodes";

    /// <summary>Fragment definitions, counted before anything else is: a document with too many is refused on that alone.</summary>
    public static int CountFragments(GraphQLDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var count = 0;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLFragmentDefinition)
            {
                count++;
            }
        }
        return count;
    }

    public static DocumentMeasure Of(GraphQLDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fragmentIndex = new Dictionary<ROM, int>();
        var fragments = new List<GraphQLFragmentDefinition>();
        var fragmentDefinitions = new List<int>();
        var definitions = new List<GraphQLExecutableDefinition>();
        var otherDefinitions = 0;
        foreach (var definition in document.Definitions)
        {
            // The first of two same-named fragments is the one spreads reach; validation refuses the pair anyway.
            if (definition is GraphQLFragmentDefinition fragment && fragmentIndex.TryAdd(fragment.FragmentName.Name.Value, fragments.Count))
            {
                fragments.Add(fragment);
                fragmentDefinitions.Add(definitions.Count);
            }
            if (definition is GraphQLExecutableDefinition executable)
            {
                definitions.Add(executable);
            }
            else
            {
                // Type system definitions are refused by validation (ExecutableDefinitions) in one pass.
                otherDefinitions++;
            }
        }

        var scans = new Scan[definitions.Count];
        var fragmentScans = new Scan[fragments.Count];
        var nodes = 1L + otherDefinitions;
        var walk = new Stack<(ASTNode Node, int Nesting)>();
        for (var i = 0; i < definitions.Count; i++)
        {
            scans[i] = Scan.Of(definitions[i], fragmentIndex, walk);
            nodes = Math.Min(Saturated, nodes + scans[i].Nodes);
        }
        for (var i = 0; i < fragments.Count; i++)
        {
            fragmentScans[i] = scans[fragmentDefinitions[i]];
        }

        var onCycle = Inline(fragmentScans);
        foreach (var scan in scans)
        {
            if (!scan.Inlined)
            {
                // An operation, or a fragment that no spread can reach because an earlier one has its name.
                scan.Inline(fragmentScans, onPath: null);
            }
        }

        long selections = 0;
        int depth = 0, fragmentDepth = 0, widestList = 0;
        foreach (var scan in scans)
        {
            widestList = Math.Max(widestList, scan.WidestList);
            selections = Math.Min(Saturated, selections + scan.Selections);
            depth = Math.Max(depth, scan.Depth);
            fragmentDepth = Math.Max(fragmentDepth, scan.FragmentDepth);
        }
        return new DocumentMeasure(definitions, fragmentIndex, [.. fragments], onCycle)
        {
            Fragments = CountFragments(document),
            FragmentDepth = fragmentDepth,
            Depth = depth,
            Selections = selections,
            Nodes = (int)nodes,
            WidestList = widestList,
        };
    }

    /// <summary>
    /// Pairs of fields that share a response name in one selection set, which validation compares one with another
    /// (OverlappingFieldsCanBeMerged): fragments spread there are inlined once each, and the sub-selections of
    /// same-named fields are merged into one set, as that rule merges them. Fragments on a cycle are not inlined.
    /// Walks each inlined selection at most once, so call it only for a document within the selection limit.
    /// </summary>
    /// <param name="stopAbove">Stops counting past this many.</param>
    public long MergedFieldPairs(long stopAbove)
    {
        long pairs = 0;
        var sets = new Stack<List<GraphQLSelectionSet>>();
        foreach (var definition in _definitions)
        {
            sets.Push([definition.SelectionSet]);
        }
        var selections = new Stack<ASTNode>();
        var byResponseName = new Dictionary<ROM, List<GraphQLField>>();
        var inlined = new HashSet<int>();
        while (sets.TryPop(out var merged))
        {
            byResponseName.Clear();
            inlined.Clear();
            foreach (var set in merged)
            {
                PushSelections(selections, set);
            }
            while (selections.TryPop(out var selection))
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var responseName = (field.Alias?.Name ?? field.Name).Value;
                        if (!byResponseName.TryGetValue(responseName, out var sameName))
                        {
                            byResponseName[responseName] = sameName = [];
                        }
                        // It pairs with each field of that name met before it.
                        pairs += sameName.Count;
                        if (pairs > stopAbove)
                        {
                            return pairs;
                        }
                        sameName.Add(field);
                        break;
                    case GraphQLInlineFragment inline:
                        PushSelections(selections, inline.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread:
                        if (_fragmentIndex.TryGetValue(spread.FragmentName.Name.Value, out var index) && !_onCycle[index] && inlined.Add(index))
                        {
                            PushSelections(selections, _fragments[index].SelectionSet);
                        }
                        break;
                }
            }
            foreach (var sameName in byResponseName.Values)
            {
                List<GraphQLSelectionSet>? children = null;
                foreach (var field in sameName)
                {
                    if (field.SelectionSet is { } subSelections)
                    {
                        (children ??= []).Add(subSelections);
                    }
                }
                if (children is not null)
                {
                    sets.Push(children);
                }
            }
        }
        return pairs;
    }

    private static void PushSelections(Stack<ASTNode> selections, GraphQLSelectionSet set)
    {
        foreach (var selection in set.Selections)
        {
            selections.Push(selection);
        }
    }

    // Post-order over the spread graph: a fragment's figures are final once every fragment it spreads has its own.
    // Returns the fragments found on a cycle: every cycle has at least one of them, so not inlining them ends every walk.
    private static bool[] Inline(Scan[] fragments)
    {
        var onPath = new bool[fragments.Length];
        var onCycle = new bool[fragments.Length];
        var stack = new Stack<(int Fragment, int NextSpread)>();
        for (var root = 0; root < fragments.Length; root++)
        {
            if (fragments[root].Inlined)
            {
                continue;
            }
            onPath[root] = true;
            stack.Push((root, 0));
            while (stack.TryPop(out var top))
            {
                var spreads = fragments[top.Fragment].Spreads;
                if (top.NextSpread < spreads.Count)
                {
                    stack.Push((top.Fragment, top.NextSpread + 1));
                    var target = spreads[top.NextSpread].Fragment;
                    if (target >= 0 && onPath[target])
                    {
                        // The fragments on the stack down to the target form the cycle this spread closes.
                        foreach (var (member, _) in stack)
                        {
                            onCycle[member] = true;
                            if (member == target)
                            {
                                break;
                            }
                        }
                    }
                    else if (target >= 0 && !fragments[target].Inlined)
                    {
                        onPath[target] = true;
                        stack.Push((target, 0));
                    }
                    continue;
                }
                fragments[top.Fragment].Inline(fragments, onPath);
                onPath[top.Fragment] = false;
            }
        }
        return onCycle;
    }

    /// <summary>One operation or fragment as written, then with the figures of the fragments it spreads added in.</summary>
    private sealed class Scan
    {
        private long _ownSelections;
        private int _ownDepth;

        public List<(int Fragment, int Nesting)> Spreads { get; } = [];

        public int Nodes { get; private set; }

        /// <summary>The most arguments, directives or variable definitions on any one element.</summary>
        public int WidestList { get; private set; }

        public bool Inlined { get; private set; }

        public long Selections { get; private set; }

        public int Depth { get; private set; }

        public int FragmentDepth { get; private set; }

        public static Scan Of(GraphQLExecutableDefinition definition, Dictionary<ROM, int> fragments, Stack<(ASTNode Node, int Nesting)> walk)
        {
            var scan = new Scan();
            walk.Push((definition, 0));
            while (walk.TryPop(out var item))
            {
                scan.Nodes++;
                var nesting = item.Nesting;
                switch (item.Node)
                {
                    case GraphQLOperationDefinition operation:
                        Push(walk, operation.Name, operation.Variables, operation.Directives, operation.SelectionSet, nesting);
                        break;
                    case GraphQLFragmentDefinition fragment:
                        Push(walk, fragment.FragmentName, fragment.TypeCondition, fragment.Directives, fragment.SelectionSet, nesting);
                        break;
                    case GraphQLSelectionSet selectionSet:
                        foreach (var selection in selectionSet.Selections)
                        {
                            walk.Push((selection, nesting));
                        }
                        break;
                    case GraphQLField field:
                        scan._ownSelections++;
                        scan._ownDepth = Math.Max(scan._ownDepth, nesting + 1);
                        Push(walk, field.Alias, field.Name, field.Arguments, field.Directives, nesting);
                        if (field.SelectionSet is { } children)
                        {
                            walk.Push((children, nesting + 1));
                        }
                        break;
                    case GraphQLInlineFragment inline:
                        scan._ownSelections++;
                        Push(walk, inline.TypeCondition, inline.Directives, inline.SelectionSet, null, nesting);
                        break;
                    case GraphQLFragmentSpread spread:
                        scan._ownSelections++;
                        scan.Spreads.Add((fragments.TryGetValue(spread.FragmentName.Name.Value, out var target) ? target : -1, nesting));
                        Push(walk, spread.FragmentName, spread.Directives, null, null, nesting);
                        break;
                    case GraphQLVariablesDefinition variables:
                        scan.WidestList = Math.Max(scan.WidestList, variables.Items.Count);
                        PushAll(walk, variables.Items, nesting);
                        break;
                    case GraphQLVariableDefinition variable:
                        Push(walk, variable.Variable, variable.Type, variable.DefaultValue, variable.Directives, nesting);
                        break;
                    case GraphQLDirectives directives:
                        scan.WidestList = Math.Max(scan.WidestList, directives.Items.Count);
                        PushAll(walk, directives.Items, nesting);
                        break;
                    case GraphQLDirective directive:
                        Push(walk, directive.Name, directive.Arguments, null, null, nesting);
                        break;
                    case GraphQLArguments arguments:
                        scan.WidestList = Math.Max(scan.WidestList, arguments.Items.Count);
                        PushAll(walk, arguments.Items, nesting);
                        break;
                    case GraphQLArgument argument:
                        Push(walk, argument.Name, argument.Value, null, null, nesting);
                        break;
                    case GraphQLListValue list:
                        PushAll(walk, list.Values, nesting);
                        break;
                    case GraphQLObjectValue value:
                        PushAll(walk, value.Fields, nesting);
                        break;
                    case GraphQLObjectField objectField:
                        Push(walk, objectField.Name, objectField.Value, null, null, nesting);
                        break;
                    case GraphQLVariable variable:
                        Push(walk, variable.Name, null, null, null, nesting);
                        break;
                    case GraphQLListType list:
                        Push(walk, list.Type, null, null, null, nesting);
                        break;
                    case GraphQLNonNullType nonNull:
                        Push(walk, nonNull.Type, null, null, null, nesting);
                        break;
                    case GraphQLNamedType named:
                        Push(walk, named.Name, null, null, null, nesting);
                        break;
                    case GraphQLTypeCondition condition:
                        Push(walk, condition.Type, null, null, null, nesting);
                        break;
                    case GraphQLFragmentName name:
                        Push(walk, name.Name, null, null, null, nesting);
                        break;
                    case GraphQLAlias alias:
                        Push(walk, alias.Name, null, null, null, nesting);
                        break;
                    default:
                        // Names and scalar values: leaves.
                        break;
                }
            }
            return scan;
        }

        /// <summary>Adds in the figures of the fragments it spreads, skipping those on <paramref name="onPath"/> (a cycle).</summary>
        public void Inline(Scan[] fragments, bool[]? onPath)
        {
            var selections = _ownSelections;
            var depth = _ownDepth;
            var fragmentDepth = 0;
            foreach (var (fragment, nesting) in Spreads)
            {
                fragmentDepth = Math.Max(fragmentDepth, 1);
                if (fragment < 0 || onPath?[fragment] == true || !fragments[fragment].Inlined)
                {
                    continue;
                }
                var spread = fragments[fragment];
                selections = Math.Min(Saturated, selections + spread.Selections);
                depth = Math.Max(depth, nesting + spread.Depth);
                fragmentDepth = Math.Max(fragmentDepth, 1 + spread.FragmentDepth);
            }
            Selections = selections;
            Depth = depth;
            FragmentDepth = fragmentDepth;
            Inlined = true;
        }

        private static void Push(Stack<(ASTNode Node, int Nesting)> walk, ASTNode? a, ASTNode? b, ASTNode? c, ASTNode? d, int nesting)
        {
            // Pushed in reverse, so they are met in the order written (which only matters to someone debugging).
            if (d is not null) walk.Push((d, nesting));
            if (c is not null) walk.Push((c, nesting));
            if (b is not null) walk.Push((b, nesting));
            if (a is not null) walk.Push((a, nesting));
        }

        private static void PushAll<TNode>(Stack<(ASTNode Node, int Nesting)> walk, List<TNode>? nodes, int nesting) where TNode : ASTNode
        {
            foreach (var node in nodes ?? [])
            {
                walk.Push((node, nesting));
            }
        }
    }
}
