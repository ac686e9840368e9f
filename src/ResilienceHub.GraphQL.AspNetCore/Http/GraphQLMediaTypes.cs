using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ResilienceHub.GraphQL.AspNetCore.Http;

/// <summary>Content negotiation for the two response media types of GraphQL over HTTP.</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// The response media type for an Accept header, or <see langword="null"/> when the client
    /// accepts neither. A missing Accept or a bare wildcard means application/json, as the spec
    /// says for clients that predate application/graphql-response+json.
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return Json;
        }
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return null;
        }

        var graphQLResponse = Preference(GraphQLResponse, ranges);
        var json = Preference(Json, ranges);
        if (graphQLResponse.Quality <= 0 && json.Quality <= 0)
        {
            return null;
        }
        if (graphQLResponse.Quality != json.Quality)
        {
            return graphQLResponse.Quality > json.Quality ? GraphQLResponse : Json;
        }
        // Equal weight: a client that names the GraphQL type outright gets it.
        return graphQLResponse.Specificity == ExactMatch ? GraphQLResponse : Json;
    }

    /// <summary>True for application/json with no charset or charset utf-8.</summary>
    public static bool IsJsonUtf8(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
        && (StringSegment.IsNullOrEmpty(parsed.Charset)
            || HeaderUtilities.RemoveQuotes(parsed.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private const int ExactMatch = 2;

    // RFC 9110 §12.5.1: the most specific range that matches decides the quality.
    private static (double Quality, int Specificity) Preference(string mediaType, IList<MediaTypeHeaderValue> ranges)
    {
        var best = (Quality: 0d, Specificity: -1);
        foreach (var range in ranges)
        {
            var specificity =
                range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) ? ExactMatch
                : range.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) ? 1
                : range.MediaType.Equals("*/*", StringComparison.Ordinal) ? 0
                : -1;
            if (specificity > best.Specificity)
            {
                best = (range.Quality ?? 1, specificity);
            }
        }
        return best;
    }
}
