using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>What the server answered, read whole.</summary>
public sealed record Reply(HttpStatusCode Status, string? ContentType, string Body, HttpResponseMessage Response)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public JsonElement FirstError => Json.GetProperty("errors")[0];
}

/// <summary>Builds raw HTTP requests, so tests control every header the transport reads.</summary>
public static class GraphQLHttp
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    public static string Body(string query, object? variables = null) =>
        JsonSerializer.Serialize(new { query, variables });

    public static Task<Reply> PostAsync(this GraphQLTestServer server, string body,
        string? contentType = Json, string? accept = GraphQLResponse, string path = "/graphql", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, path));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        request.Content = content;
        return server.SendAsync(request, accept, headers);
    }

    public static Task<Reply> GetAsync(this GraphQLTestServer server, IReadOnlyDictionary<string, string> parameters, string? accept = GraphQLResponse)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return server.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/graphql?" + query)), accept);
    }

    public static async Task<Reply> SendAsync(this GraphQLTestServer server, HttpRequestMessage request,
        string? accept = GraphQLResponse, params (string Name, string Value)[] headers)
    {
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, response);
    }
}
