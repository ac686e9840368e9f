using System.ComponentModel.DataAnnotations;

namespace ResilienceHub.Api.GraphQL;

/// <summary>The <c>GraphQL</c> configuration section: what one request may ask for, and what is open to anonymous callers.</summary>
public sealed class GraphQLLimits
{
    public const string Section = "GraphQL";

    /// <summary>Whether callers who see the same things share one execution of the same query (see docs/api.md).</summary>
    public bool ShareAnswers { get; set; } = true;

    /// <summary>The bytes of query answers an instance keeps to give again to callers who see the same things (64 MB).</summary>
    [Range(1_000_000, 10_000_000_000, ErrorMessage = "GraphQL:SharedAnswerBytes must be between {1} and {2}.")]
    public long SharedAnswerBytes { get; set; } = 64_000_000;

    [Range(1, 64, ErrorMessage = "GraphQL:MaxDepth must be between {1} and {2}.")]
    public int MaxDepth { get; set; } = 15;

    /// <summary>The full director dashboard in one request (every field of Dashboard) estimates at about 70,000.</summary>
    [Range(1, 10_000_000, ErrorMessage = "GraphQL:MaxComplexity must be between {1} and {2}.")]
    public int MaxComplexity { get; set; } = 200_000;

    [Range(1, 1_000, ErrorMessage = "GraphQL:MaxAliases must be between {1} and {2}.")]
    public int MaxAliases { get; set; } = 50;

    /// <summary>Fragment definitions in one document.</summary>
    [Range(1, 1_000, ErrorMessage = "GraphQL:MaxFragments must be between {1} and {2}.")]
    public int MaxFragments { get; set; } = 32;

    /// <summary>The longest chain of fragment spreads.</summary>
    [Range(1, 64, ErrorMessage = "GraphQL:MaxFragmentDepth must be between {1} and {2}.")]
    public int MaxFragmentDepth { get; set; } = 8;

    /// <summary>Selections once fragments are inlined, over the whole document (the full dashboard has about 110, introspection 471).</summary>
    [Range(1, 100_000, ErrorMessage = "GraphQL:MaxSelections must be between {1} and {2}.")]
    public int MaxSelections { get; set; } = 1_000;

    /// <summary>Pairs of same-named fields in one selection set, which validation compares one with another.</summary>
    [Range(1, 100_000, ErrorMessage = "GraphQL:MaxMergedFieldPairs must be between {1} and {2}.")]
    public int MaxMergedFieldPairs { get; set; } = 1_000;

    /// <summary>Syntax nodes of the document as written (a director's batch of 20 returns written inline has about 3,000).</summary>
    [Range(1, 1_000_000, ErrorMessage = "GraphQL:MaxNodes must be between {1} and {2}.")]
    public int MaxNodes { get; set; } = 5_000;

    /// <summary>Arguments, directives or variable definitions on any one element of a document.</summary>
    [Range(1, 10_000, ErrorMessage = "GraphQL:MaxArguments must be between {1} and {2}.")]
    public int MaxArguments { get; set; } = 100;

    /// <summary>Syntax nodes of a document sent without a token, which may run only small ones (introspection has 215).</summary>
    [Range(1, 1_000_000, ErrorMessage = "GraphQL:AnonymousMaxNodes must be between {1} and {2}.")]
    public int AnonymousMaxNodes { get; set; } = 1_000;

    /// <summary>How many writes (top-level mutation fields) a director may batch in one request; everyone else sends one.</summary>
    [Range(1, 100, ErrorMessage = "GraphQL:MaxDirectorWrites must be between {1} and {2}.")]
    public int MaxDirectorWrites { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "GraphQL:ExecutionTimeout must be between {1} and {2}.")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether only the screen's registered documents run (named by their documentId, or a subscription sent as exactly
    /// their text): anything else is refused with PERSISTED_QUERY_ID_REQUIRED, for deployments that serve the screen alone.
    /// </summary>
    public bool PersistedDocumentsOnly { get; set; }

    /// <summary>Whether anonymous callers may introspect the schema (they may always ask for __typename); on in Development only, unless set.</summary>
    public bool AnonymousIntrospection { get; set; }

    /// <summary>Whether a browser opening /graphql gets GraphiQL; on in Development only, unless set.</summary>
    public bool GraphiQL { get; set; }
}
