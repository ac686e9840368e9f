using GraphQL;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>A document refused for its size before validation; <see cref="ExecutionError.Code"/> names the limit.</summary>
public sealed class DocumentLimitError : ExecutionError
{
    /// <summary>A document nested deeper than the parser allows.</summary>
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";

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
