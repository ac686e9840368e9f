using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>Posts GraphQL requests as a client would and reads the response as JSON.</summary>
public static class GraphQLClient
{
    public static async Task<GraphQLResponse> PostGraphQLAsync(this HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new GraphQLResponse((int)response.StatusCode, JsonNode.Parse(body)!.AsObject());
    }

    /// <summary>Runs a query that must succeed and returns its <c>data</c>.</summary>
    public static async Task<JsonNode> QueryAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostGraphQLAsync(query, variables);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Errors?.ToJsonString()}");
        return response.Data!;
    }
}

public sealed record GraphQLResponse(int StatusCode, JsonObject Body)
{
    public JsonNode? Data => Body["data"];

    public JsonArray? Errors => Body["errors"]?.AsArray();

    public IEnumerable<string?> ErrorCodes => Errors?.Select(e => (string?)e!["extensions"]?["code"]) ?? [];

    public override string ToString() => Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
