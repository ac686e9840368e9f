using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ResilienceHub.Api.Features.Log;

/// <summary>A position in the log: after the entry with this number. Opaque to clients.</summary>
public static class LogCursor
{
    private const string Prefix = "log:";

    public static string After(int number) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + number.ToString(CultureInfo.InvariantCulture)));

    public static int? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 32)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
