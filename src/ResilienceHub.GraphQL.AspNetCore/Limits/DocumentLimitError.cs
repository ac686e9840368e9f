using GraphQL;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>A document refused for its size before validation; <see cref="ExecutionError.Code"/> names the limit.</summary>
public sealed class DocumentLimitError : ExecutionError
{
    /// <summary>More fragment definitions than <see cref="DocumentLimitOptions.MaxFragments"/>.</summary>
    public const string MaxFragmentsExceeded = "MAX_FRAGMENTS_EXCEEDED";

    /// <summary>A longer chain of fragment spreads than <see cref="DocumentLimitOptions.MaxFragmentDepth"/>.</summary>
    public const string MaxFragmentDepthExceeded = "MAX_FRAGMENT_DEPTH_EXCEEDED";

    /// <summary>Fields nested deeper than <see cref="DocumentLimitOptions.MaxDepth"/>, or deeper than the parser allows.</summary>
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";

    /// <summary>More selections than <see cref="DocumentLimitOptions.MaxSelections"/>.</summary>
    public const string MaxSelectionsExceeded = "MAX_SELECTIONS_EXCEEDED";

    /// <summary>More pairs of same-named fields in a selection set than <see cref="DocumentLimitOptions.MaxMergedFieldPairs"/>.</summary>
    public const string MaxMergedFieldPairsExceeded = "MAX_MERGED_FIELD_PAIRS_EXCEEDED";

    /// <summary>More syntax nodes than <see cref="DocumentLimitOptions.MaxNodes"/>.</summary>
    public const string MaxNodesExceeded = "MAX_NODES_EXCEEDED";

    /// <summary>Past <see cref="DocumentLimitOptions.MaxArguments"/>.</summary>
    public const string MaxArgumentsExceeded = "MAX_ARGUMENTS_EXCEEDED";

    public DocumentLimitError(string code, string message, long? measured, int? limit)
        : base(message)
    {
        Code = code;
        Measured = measured;
        Limit = limit;
    }

    /// <summary>What the document came to, where it was measured.</summary>
    public long? Measured { get; }

    /// <summary>The limit it went past, where known.</summary>
    public int? Limit { get; }
}
