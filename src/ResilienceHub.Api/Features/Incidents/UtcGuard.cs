namespace ResilienceHub.Api.Features.Incidents;

internal static class UtcGuard
{
    // Unspecified or local DateTimes (e.g. read back from SQLite without a converter) would silently shift by the UTC offset.
    public static void Require(DateTime value, string paramName)
    {
        if (value.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"Expected a UTC DateTime (Kind=Utc) but Kind was {value.Kind}.", paramName);
        }
    }
}
