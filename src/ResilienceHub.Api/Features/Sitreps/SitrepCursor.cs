using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>A keyset position in period order; opaque to clients.</summary>
public readonly record struct SitrepCursor(DateTime PeriodStartsAt, int SitrepId)
{
    /// <summary>The position just after this return.</summary>
    public static SitrepCursor After(SitrepView sitrep) => new(sitrep.PeriodStartsAt, sitrep.Id);

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{PeriodStartsAt.Ticks}:{SitrepId}")));

    public static SitrepCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new SitrepCursor(new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
