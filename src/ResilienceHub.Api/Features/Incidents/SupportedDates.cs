using System.Globalization;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>
/// The years the API works in, 2000 to 2099: an instant or date outside them is refused where it comes in, so no
/// schedule arithmetic on it can overflow and no stored row can hold one.
/// </summary>
public static class SupportedDates
{
    public static readonly DateOnly FirstDate = new(2000, 1, 1);
    public static readonly DateOnly LastDate = new(2099, 12, 31);

    /// <summary>The range as a message gives it.</summary>
    public static readonly string Described = "from 2000-01-01T00:00:00Z to 2099-12-31T23:59:59Z";

    public static bool Contains(DateOnly date) => date >= FirstDate && date <= LastDate;

    public static bool Contains(DateTime utc) => Contains(DateOnly.FromDateTime(utc));

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
