using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;
using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.GraphQL;

/// <summary>A scalar written as a string on the wire, read from and written to one CLR type.</summary>
public abstract class StringScalarGraphType : ScalarGraphType
{
    /// <summary>Reads the wire text; throws <see cref="FormatException"/> with a message for the client.</summary>
    protected abstract object Parse(string text);

    /// <summary>A value already of the CLR type (e.g. from a default), or null when it is not one.</summary>
    protected abstract object? Accept(object value);

    /// <summary>The wire text of a value, or null when it is not of the CLR type.</summary>
    protected abstract string? Format(object value);

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        _ => Accept(value) ?? ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value is null ? null : Format(value) ?? ThrowSerializationError(value);

    /// <summary>A client's text as a message quotes it: not so long that a message becomes the attack.</summary>
    internal static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>
/// <c>DateTime</c>: a UTC instant, written ISO-8601 with <c>Z</c>. Input must carry an offset (an instant without one
/// would be read in some unknown zone) and fall within <see cref="SupportedDates"/>.
/// </summary>
public sealed class UtcDateTimeGraphType : StringScalarGraphType
{
    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
        Description = $"A UTC instant, ISO-8601 with Z (e.g. 2016-04-26T07:00:00Z). Input may use any explicit offset, {SupportedDates.Described}.";
    }

    protected override object Parse(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw new FormatException($"'{Shown(text)}' is not an ISO-8601 instant, e.g. 2016-04-26T07:00:00Z.");
        }

        if (!hasOffset)
        {
            throw new FormatException($"'{Shown(text)}' has no time zone offset, so it could mean any of several instants: add Z for UTC (e.g. {Write(DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Utc))}) or the offset, e.g. +01:00 for British Summer Time.");
        }

        return SupportedDates.Contains(parsed.UtcDateTime)
            ? parsed.UtcDateTime
            : throw new FormatException($"'{Shown(text)}' is outside the instants this API accepts, {SupportedDates.Described}.");
    }

    protected override object? Accept(object value) => value switch
    {
        DateTime d when d.Kind == DateTimeKind.Utc => d,
        DateTimeOffset o => o.UtcDateTime,
        _ => null,
    };

    protected override string? Format(object value) => value switch
    {
        DateTime d => Write(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => Write(o.UtcDateTime),
        _ => null,
    };

    /// <summary>The wire form of a UTC instant, for other outputs (e.g. CSV) to match the API.</summary>
    public static string Write(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool HasNumericOffset(string text) =>
        text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':' && text.Contains('T', StringComparison.Ordinal);
}

/// <summary><c>Date</c>: a local calendar date, <c>yyyy-MM-dd</c>.</summary>
public sealed class LocalDateGraphType : StringScalarGraphType
{
    private const string Pattern = "yyyy-MM-dd";

    public LocalDateGraphType()
    {
        Name = "Date";
        Description = "A local calendar date, yyyy-MM-dd.";
    }

    protected override object Parse(string text) =>
        !DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? throw new FormatException($"'{StringScalarGraphType.Shown(text)}' is not a date in the form yyyy-MM-dd, e.g. 2016-04-26.")
            : SupportedDates.Contains(date) ? date
            : throw new FormatException($"'{text}' is outside the dates this API accepts, {SupportedDates.Format(SupportedDates.FirstDate)} to {SupportedDates.Format(SupportedDates.LastDate)}.");

    protected override object? Accept(object value) => value as DateOnly?;

    protected override string? Format(object value) =>
        value is DateOnly d ? d.ToString(Pattern, CultureInfo.InvariantCulture) : null;
}
