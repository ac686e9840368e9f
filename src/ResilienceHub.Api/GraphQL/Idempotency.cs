using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ResilienceHub.Api.GraphQL;

/// <summary>
/// Retry keys, for every write that takes one: what a key may be, and the hash of what was sent with it that tells a
/// true retry (the first result again) from a key reused for something else (refused).
/// </summary>
public static class Idempotency
{
    public const int KeyMaxLength = 100;

    public static void CheckKey(List<UserError> errors, string? key)
    {
        if (key is not null && (key.Length is 0 or > KeyMaxLength || key.Any(char.IsControl)))
        {
            errors.Add(new("INVALID_IDEMPOTENCY_KEY", $"An idempotency key is 1 to {KeyMaxLength} printable characters, e.g. a UUID.", ["idempotencyKey"]));
        }
    }

    public static UserError KeyReused(string what) => new(
        "IDEMPOTENCY_KEY_REUSED", $"This idempotency key was already used for a different {what}; use a new key for a new one.", ["idempotencyKey"]);

    /// <summary>Appends a part of what was sent, length-prefixed so that no choice of text can make two different sendings collide.</summary>
    public static StringBuilder AppendPart(this StringBuilder text, string? part) =>
        text.Append('|').Append((part?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);

    /// <summary>A SHA-256 of the parts, each length-prefixed.</summary>
    public static string Fingerprint(params IEnumerable<string?> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.AppendPart(part);
        }

        return Hash(text);
    }

    public static string Hash(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
