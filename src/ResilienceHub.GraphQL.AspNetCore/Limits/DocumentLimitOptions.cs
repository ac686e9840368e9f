namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// How large a parsed document may be. The limits are checked by walking the parsed document, without recursion and
/// each fragment once, before GraphQL.NET validates it, so every document is refused or answered in time linear in its
/// size: validation rules and the complexity analyzer walk a fragment again at every spread, recurse through
/// fragments, and compare same-named selections pairwise.
/// Each refusal is a <see cref="DocumentLimitError"/> whose <c>extensions.code</c> names the limit.
/// GraphiQL's standard introspection query needs 3 fragments, a fragment depth of 3, a depth of 15, 471 selections,
/// no merged field pairs and 215 nodes.
/// </summary>
public sealed class DocumentLimitOptions
{
    /// <summary>Fragment definitions in one document; more are refused with <c>MAX_FRAGMENTS_EXCEEDED</c>.</summary>
    public int MaxFragments { get; set; } = 32;

    /// <summary>
    /// The longest chain of fragment spreads (an operation that spreads A, where A spreads B, has 2); a longer chain is
    /// refused with <c>MAX_FRAGMENT_DEPTH_EXCEEDED</c>.
    /// </summary>
    public int MaxFragmentDepth { get; set; } = 8;

    /// <summary>
    /// How deeply fields nest once fragments are inlined (<c>{ a { b } }</c> has 2); deeper documents are refused with
    /// <c>MAX_DEPTH_EXCEEDED</c>, as are documents too deep for the parser itself.
    /// </summary>
    public int MaxDepth { get; set; } = 24;

    /// <summary>
    /// Fields, inline fragments and fragment spreads once fragments are inlined, summed over every operation and
    /// fragment definition (a fragment spread twice counts twice); more are refused with <c>MAX_SELECTIONS_EXCEEDED</c>.
    /// </summary>
    public int MaxSelections { get; set; } = 2_000;

    /// <summary>
    /// Pairs of fields sharing a response name in one selection set (<c>{ a a a }</c> has 3), counted with the
    /// fragments spread there inlined and the sub-selections of same-named fields merged: validation compares each
    /// such pair, and reports every pair that differs as an error of its own. More are refused with
    /// <c>MAX_MERGED_FIELD_PAIRS_EXCEEDED</c>.
    /// </summary>
    public int MaxMergedFieldPairs { get; set; } = 1_000;

    /// <summary>
    /// Syntax nodes of the operations and fragments as written (fields, names, arguments, values, directives,
    /// variables, types); more are refused with <c>MAX_NODES_EXCEEDED</c>. Long lists are better sent as variables.
    /// </summary>
    public int MaxNodes { get; set; } = 10_000;

    /// <summary>
    /// Arguments, directives or variable definitions on any one element; more are refused with
    /// <c>MAX_ARGUMENTS_EXCEEDED</c>. Validation reports each repeated one as an error of its own, and each error costs
    /// time in proportion to where it stands in the document.
    /// </summary>
    public int MaxArguments { get; set; } = 100;

    /// <summary>
    /// <see cref="MaxNodes"/> for a caller who is not signed in, who may run only small documents anyway (GraphiQL's
    /// introspection query has 215 nodes): a document built to fail validation in thousands of places costs time in
    /// proportion to its size times its errors, and an anonymous sender answers for nothing.
    /// </summary>
    public int AnonymousMaxNodes { get; set; } = 1_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFragments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFragmentDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSelections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMergedFieldPairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AnonymousMaxNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxArguments);
    }
}
