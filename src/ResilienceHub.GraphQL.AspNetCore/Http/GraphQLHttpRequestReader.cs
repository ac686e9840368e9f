using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using Microsoft.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.Http;

/// <summary>
/// The GraphQL request parameters of one HTTP request: the document's text, or the <see cref="DocumentId"/> of a
/// persisted document, which the endpoint resolves to its text before anything else reads the request.
/// </summary>
internal sealed record GraphQLHttpRequest(string? Query, string? OperationName, Inputs? Variables, Inputs? Extensions, string? DocumentId = null);

/// <summary>Why an HTTP request could not be read as a GraphQL request.</summary>
internal sealed record RequestRejection(int StatusCode, string Message);

/// <summary>Reads GraphQL request parameters from a POST body or GET query string.</summary>
internal static class GraphQLHttpRequestReader
{
    public static async Task<(GraphQLHttpRequest? Request, RequestRejection? Rejection)> ReadPostAsync(
        HttpRequest request, long maxBodySize, IGraphQLTextSerializer serializer)
    {
        if (!GraphQLMediaTypes.IsJsonUtf8(request.ContentType))
        {
            return (null, new(StatusCodes.Status415UnsupportedMediaType,
                "The request body must be application/json encoded as utf-8."));
        }

        var body = await ReadBodyAsync(request, maxBodySize).ConfigureAwait(false);
        if (body is null)
        {
            return (null, new(StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {maxBodySize} bytes."));
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadRequest("The request body must be a JSON object."));
            }
            return Read(json.RootElement, serializer);
        }
        catch (JsonException)
        {
            return (null, BadRequest("The request body is not valid JSON."));
        }
    }

    public static (GraphQLHttpRequest? Request, RequestRejection? Rejection) ReadGet(IQueryCollection query, IGraphQLTextSerializer serializer)
    {
        // Query strings carry query and operationName as text, variables and extensions as JSON.
        var parameters = new JsonObject();
        foreach (var (name, value) in query)
        {
            if (name is "query" or "documentId" or "operationName")
            {
                parameters[name] = value.ToString();
            }
            else if (name is "variables" or "extensions")
            {
                try
                {
                    parameters[name] = JsonNode.Parse(value.ToString());
                }
                catch (JsonException)
                {
                    return (null, BadRequest($"The '{name}' parameter is not valid JSON."));
                }
            }
        }
        return Read(JsonSerializer.SerializeToElement(parameters), serializer);
    }

    private static (GraphQLHttpRequest?, RequestRejection?) Read(JsonElement parameters, IGraphQLTextSerializer serializer)
    {
        JsonElement? Parameter(string name) => parameters.TryGetProperty(name, out var value) ? value : null;

        // null reads as absent, as some clients send the parameter they do not use.
        var query = Parameter("query") is { ValueKind: not JsonValueKind.Null } q ? q : (JsonElement?)null;
        var documentId = Parameter("documentId") is { ValueKind: not JsonValueKind.Null } d ? d : (JsonElement?)null;
        if (query is { ValueKind: not JsonValueKind.String } || documentId is { ValueKind: not JsonValueKind.String })
        {
            return (null, BadRequest("The 'query' and 'documentId' parameters must be strings."));
        }
        if (query is null == documentId is null)
        {
            return (null, BadRequest(query is null
                ? "The 'query' parameter (or the 'documentId' of a persisted document) is required."
                : "Send either the 'query' parameter or a persisted document's 'documentId', not both."));
        }

        var operationName = Parameter("operationName");
        if (operationName is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) })
        {
            return (null, BadRequest("The 'operationName' parameter must be a string."));
        }

        var variables = Parameter("variables");
        var extensions = Parameter("extensions");
        foreach (var (name, value) in new[] { ("variables", variables), ("extensions", extensions) })
        {
            if (value is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            {
                return (null, BadRequest($"The '{name}' parameter must be a JSON object."));
            }
        }

        return (new GraphQLHttpRequest(
            query?.GetString(),
            operationName?.GetString(),
            ToInputs(variables, serializer),
            ToInputs(extensions, serializer),
            documentId?.GetString()), null);
    }

    // Through the app's GraphQL serializer, so variables convert exactly as GraphQL.NET expects.
    private static Inputs? ToInputs(JsonElement? value, IGraphQLTextSerializer serializer) =>
        value is { ValueKind: JsonValueKind.Object } json ? serializer.Deserialize<Inputs>(json.GetRawText()) : null;

    private static RequestRejection BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    // Null when the body exceeds the limit; the limit is checked while reading, not trusted from Content-Length.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBodySize)
    {
        if (request.ContentLength > maxBodySize)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBodySize)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
