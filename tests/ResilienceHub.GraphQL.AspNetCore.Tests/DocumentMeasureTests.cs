using System.Text;
using GraphQLParser;
using ResilienceHub.GraphQL.AspNetCore.Limits;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class DocumentMeasureTests
{
    private static DocumentMeasure Measure(string document) => DocumentMeasure.Of(Parser.Parse(document));

    private static (int Fragments, int FragmentDepth, int Depth, long Selections, int Nodes) Figures(DocumentMeasure measure) =>
        (measure.Fragments, measure.FragmentDepth, measure.Depth, measure.Selections, measure.Nodes);

    private static long Pairs(string document) => Measure(document).MergedFieldPairs(stopAbove: long.MaxValue);

    /// <summary>F0 spreads F1 twice, F1 spreads F2 twice, …, F<paramref name="depth"/> selects <c>hello</c>.</summary>
    public static string DoublingFragments(int depth, int spreads = 2)
    {
        var text = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append($"fragment F{i} on Query {{ {string.Concat(Enumerable.Repeat($"...F{i + 1} ", spreads))}}}\n");
        }
        return text.Append($"fragment F{depth} on Query {{ hello }}\n").ToString();
    }

    [Fact]
    public void CountsEveryNodeAsWritten()
    {
        // Document, operation, selection set, field a, its name, its selection set, field b, its name.
        Assert.Equal((0, 0, 2, 2L, 8), Figures(Measure("{ a { b } }")));
        // Document, operation, variables, variable definition, variable, its name, type, its name: 8. Selection set,
        // field, alias, its name, the field's name, arguments, argument, its name, list, 3 values, directives, directive,
        // its name, arguments, argument, its name, variable, its name, selection set, field b, its name: 23.
        Assert.Equal(31, Measure("query($v: Boolean) { x: a(list: [1, 2, 3]) @include(if: $v) { b } }").Nodes);
    }

    [Fact]
    public void InlinesFragmentsIntoSelectionsAndDepth()
    {
        var measure = Measure("""
            { a { ...F ...F } }
            fragment F on A { b { c { ...G } } }
            fragment G on C { d e }
            """);

        // Spreads count as selections. G: 2, depth 1. F: b, c, the spread and G: 5, depth 3.
        // The operation: a and twice the spread and F: 13, depth 4. Sum: 20.
        Assert.Equal(2, measure.Fragments);
        Assert.Equal(2, measure.FragmentDepth);
        Assert.Equal(4, measure.Depth);
        Assert.Equal(20, measure.Selections);
    }

    [Fact]
    public void CountsInlineFragmentsAsSelectionsButNotAsDepth()
    {
        var measure = Measure("{ ... on Query { a { ... on A { b } } } }");

        Assert.Equal(4, measure.Selections);
        Assert.Equal(2, measure.Depth);
    }

    [Fact]
    public void CountsDoublingFragmentsWithoutWalkingThem()
    {
        var measure = Measure(DoublingFragments(20));

        // F20 has 1; F19 its 2 spreads and 2 × 1; F(n) = 2 + 2 F(n+1) = 3 × 2^(20-n) - 2; the operation 1 + F0.
        static long F(int n) => (3L << (20 - n)) - 2;
        Assert.Equal(1 + F(0) + Enumerable.Range(0, 21).Sum(F), measure.Selections);
        Assert.Equal(21, measure.FragmentDepth);
        Assert.Equal(1, measure.Depth);
    }

    [Fact]
    public void StopsCountingAtTheSaturationPoint()
    {
        var measure = Measure(DoublingFragments(30, spreads: 10));

        Assert.Equal(DocumentMeasure.Saturated, measure.Selections);
    }

    [Fact]
    public void MeasuresALongChainWithoutRecursion()
    {
        var chain = new StringBuilder("{ ...F0 }\n");
        for (var i = 0; i < 100_000; i++)
        {
            chain.Append($"fragment F{i} on Query {{ ...F{i + 1} }}\n");
        }
        chain.Append("fragment F100000 on Query { hello }\n");

        var measure = Measure(chain.ToString());

        Assert.Equal(100_001, measure.Fragments);
        Assert.Equal(100_001, measure.FragmentDepth);
    }

    [Fact]
    public void DoesNotCountThroughACycle()
    {
        var measure = Measure("""
            { ...A }
            fragment A on Query { a ...B }
            fragment B on Query { b ...A }
            fragment C on Query { ...C }
            """);

        // B counts b and its spread of A, which closes the cycle; A counts a, its spread and B; the operation its
        // spread and A; C its spread of itself: 5 + 4 + 2 + 1.
        Assert.Equal(12, measure.Selections);
        Assert.Equal(3, measure.Fragments);
    }

    [Fact]
    public void CountsAnUnknownFragmentAsNothing()
    {
        var measure = Measure("{ a ...Missing }");

        Assert.Equal(2, measure.Selections);
        Assert.Equal(1, measure.FragmentDepth);
    }

    [Fact]
    public void CountsBothOfTwoSameNamedFragmentsAndInlinesTheFirst()
    {
        var measure = Measure("""
            { ...F }
            fragment F on Query { a }
            fragment F on Query { b c }
            """);

        Assert.Equal(2, measure.Fragments);
        Assert.Equal(2 + 1 + 2, measure.Selections);
    }

    [Fact]
    public void MeasuresTheIntrospectionQueryWellWithinTheDefaults()
    {
        var measure = Measure(StandardQueries.Introspection);
        var defaults = new DocumentLimitOptions();

        var pairs = measure.MergedFieldPairs(stopAbove: long.MaxValue);

        Assert.Equal((3, 3, 15, 471L, 215), Figures(measure));
        Assert.Equal(0, pairs);
        Assert.True(measure.Fragments <= defaults.MaxFragments && measure.FragmentDepth <= defaults.MaxFragmentDepth
            && measure.Depth <= defaults.MaxDepth && measure.Selections <= defaults.MaxSelections && measure.Nodes <= defaults.MaxNodes
            && pairs <= defaults.MaxMergedFieldPairs);
    }

    [Fact]
    public void CountsPairsOfSameNamedFieldsInOneSelectionSet()
    {
        Assert.Equal(0, Pairs("{ a b c x: a }"));
        Assert.Equal(3, Pairs("{ a a a }"));
        Assert.Equal(1, Pairs("{ x: a x: b }"));
        // Sub-selections of same-named fields merge: b twice and c twice under one a.
        Assert.Equal(1 + 1 + 1, Pairs("{ a { b c } a { b c } }"));
        // Fields of different parents do not pair.
        Assert.Equal(0, Pairs("{ a { id } b { id } }"));
    }

    [Fact]
    public void CountsPairsWithTheFragmentsSpreadInASelectionSetOnceEach()
    {
        // The operation's set: a, F's a and G's a (F spread twice, inlined once): 3 pairs. F and G on their own: none.
        Assert.Equal(3, Pairs("{ a ...F ...F ...G } fragment F on Q { a } fragment G on Q { a ... on Q { b } }"));
    }

    [Fact]
    public void CountsPairsWithoutFollowingACycle()
    {
        Assert.Equal(1, Pairs("{ ...A } fragment A on Q { a { ...A } } fragment B on Q { b b ...A }"));
    }

    [Fact]
    public void StopsCountingPairsPastTheLimit()
    {
        var pairs = Measure($"{{ {string.Concat(Enumerable.Repeat("a ", 10_000))}}}").MergedFieldPairs(stopAbove: 100);

        // It stops within the field that went past, not after the 50 million pairs there are.
        Assert.InRange(pairs, 101, 200);
    }
}
