using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Logging;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// Refuses a document past any of <see cref="DocumentLimitOptions"/> before GraphQL.NET validates it, with a
/// <see cref="DocumentLimitError"/> and nothing executed, so the transports answer as for a validation failure.
/// </summary>
internal sealed partial class DocumentLimits(DocumentLimitOptions options, ILogger<DocumentLimits> logger) : IConfigureExecution
{
    // Inside the document cache (300), which has set options.Document by now and keeps only documents that executed.
    public float SortOrder => 400;

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var signedIn = options.User?.Identity?.IsAuthenticated == true;
        if (options.Document is not { } document || Check(document, signedIn) is not { } refusal)
        {
            return next(options);
        }

        LogRefused(logger, refusal.Code!, refusal.Measured, refusal.Limit);
        return Task.FromResult(new ExecutionResult(refusal));
    }

    // The first limit the document is past. Each stage's cost is bounded by the limits checked before it.
    private DocumentLimitError? Check(GraphQLDocument document, bool signedIn)
    {
        if (DocumentMeasure.CountFragments(document) is var fragments && fragments > options.MaxFragments)
        {
            return new(DocumentLimitError.MaxFragmentsExceeded,
                $"The document defines {fragments} fragments; at most {options.MaxFragments} are allowed. Inline some of them or split the document into several requests.",
                fragments, options.MaxFragments);
        }

        var measure = DocumentMeasure.Of(document);
        if (measure.FragmentDepth > options.MaxFragmentDepth)
        {
            return new(DocumentLimitError.MaxFragmentDepthExceeded,
                $"The document spreads fragments within fragments {measure.FragmentDepth} deep; at most {options.MaxFragmentDepth} are allowed. Inline some of the fragments.",
                measure.FragmentDepth, options.MaxFragmentDepth);
        }
        if (measure.Depth > options.MaxDepth)
        {
            return new(DocumentLimitError.MaxDepthExceeded,
                $"The document nests fields {measure.Depth} deep once its fragments are inlined; at most {options.MaxDepth} are allowed. Ask for less deeply nested data.",
                measure.Depth, options.MaxDepth);
        }
        if (measure.Selections > options.MaxSelections)
        {
            var selections = measure.Selections >= DocumentMeasure.Saturated ? $"more than {DocumentMeasure.Saturated:N0}" : $"{measure.Selections:N0}";
            return new(DocumentLimitError.MaxSelectionsExceeded,
                $"The document selects {selections} fields once its fragments are inlined; at most {options.MaxSelections:N0} are allowed. Select fewer fields or split the document into several requests.",
                measure.Selections, options.MaxSelections);
        }
        var maxNodes = signedIn ? options.MaxNodes : Math.Min(options.MaxNodes, options.AnonymousMaxNodes);
        if (measure.Nodes > maxNodes)
        {
            return new(DocumentLimitError.MaxNodesExceeded,
                $"The document has {measure.Nodes:N0} syntax nodes; at most {maxNodes:N0} are allowed{(signedIn ? "" : " without a token")}. Send long lists as variables, or split the document into several requests.",
                measure.Nodes, maxNodes);
        }
        if (measure.WidestList > options.MaxArguments)
        {
            return new(DocumentLimitError.MaxArgumentsExceeded,
                $"An element of the document carries {measure.WidestList:N0} arguments, directives or variable definitions; at most {options.MaxArguments} are allowed.",
                measure.WidestList, options.MaxArguments);
        }
        if (measure.MergedFieldPairs(stopAbove: options.MaxMergedFieldPairs) is var pairs && pairs > options.MaxMergedFieldPairs)
        {
            return new(DocumentLimitError.MaxMergedFieldPairsExceeded,
                $"The document selects the same response name so often in one selection set that more than {options.MaxMergedFieldPairs:N0} pairs of fields (fragments spread there included) would have to be compared. Select each field once per selection set.",
                pairs, options.MaxMergedFieldPairs);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL document refused with {Code}: it measured {Measured} against a limit of {Limit}")]
    private static partial void LogRefused(ILogger logger, string code, long? measured, int? limit);
}
