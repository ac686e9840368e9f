using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ResilienceHub.Api.Data;

/// <summary>Refuses to store a local time and marks what is read back as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => ToUtc(value),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc))
{
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified => throw new InvalidOperationException("An instant without a time zone cannot be stored."),
        _ => value.ToUniversalTime(),
    };
}
