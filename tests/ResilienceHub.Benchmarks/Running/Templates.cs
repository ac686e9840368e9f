using System.Text.Json;

namespace ResilienceHub.Benchmarks.Running;

/// <summary>
/// A GraphQL request body serialised once, with holes where the Lua script puts per-request values: the body split
/// at each placeholder string, so Lua only concatenates.
/// </summary>
internal static class Templates
{
    public static IReadOnlyList<string> Split(object body, params string[] placeholders)
    {
        var json = JsonSerializer.Serialize(body);
        var parts = new List<string>();
        foreach (var placeholder in placeholders)
        {
            var at = json.IndexOf(placeholder, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"The body has no {placeholder}.", nameof(placeholders));
            }

            parts.Add(json[..at]);
            json = json[(at + placeholder.Length)..];
        }

        parts.Add(json);
        return parts;
    }
}
