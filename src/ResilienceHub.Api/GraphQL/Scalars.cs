using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace ResilienceHub.Api.GraphQL;

/// <summary>
/// <c>DateTime</c>: a UTC instant, written ISO-8601 with <c>Z</c>. Input must carry an offset:
/// an instant without one would be read in some unknown zone, so it is refused.
/// </summary>
public sealed class UtcDateTimeGraphType : ScalarGraphType
{
    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "A UTC instant, ISO-8601 with Z (e.g. 2016-04-26T07:00:00Z). Input may use any explicit offset.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => Parse(s),
        DateTime d when d.Kind == DateTimeKind.Utc => d,
        DateTimeOffset o => o.UtcDateTime,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        null => null,
        _ => ThrowSerializationError(value),
    };

    private static DateTime Parse(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw new FormatException($"'{text}' is not an ISO-8601 instant with a time zone offset, e.g. 2016-04-26T07:00:00Z.");
        }

        return parsed.UtcDateTime;
    }

    private static bool HasNumericOffset(string text) =>
        text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':' && text.Contains('T', StringComparison.Ordinal);
}

/// <summary><c>Date</c>: a local calendar date, <c>yyyy-MM-dd</c>.</summary>
public sealed class LocalDateGraphType : ScalarGraphType
{
    private const string Format = "yyyy-MM-dd";

    public LocalDateGraphType()
    {
        Name = "Date";
        Description = "A local calendar date, yyyy-MM-dd.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => Parse(s),
        DateOnly d => d,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        DateOnly d => d.ToString(Format, CultureInfo.InvariantCulture),
        null => null,
        _ => ThrowSerializationError(value),
    };

    private static DateOnly Parse(string text) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"'{text}' is not a date in the form yyyy-MM-dd.");
}
