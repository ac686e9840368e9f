using System.Globalization;
using GraphQL.Types;

namespace ResilienceHub.Api.GraphQL;

/// <summary>A domain or validation failure a reporter can act on; <c>Field</c> is the path into the input.</summary>
public sealed record UserError(string Code, string Message, IReadOnlyList<string>? Field = null);

/// <summary>The pieces every mutation's validation writes its errors with.</summary>
public static class UserErrors
{
    public static void CheckLength(List<UserError> errors, string? text, string field, int maxLength)
    {
        if (text is not null && text.Length > maxLength)
        {
            errors.Add(new("TEXT_TOO_LONG", $"{field} is {text.Length} characters long; the most allowed is {maxLength}.", [field]));
        }
    }

    /// <summary>A list position in a field path.</summary>
    public static string Index(int index) => index.ToString(CultureInfo.InvariantCulture);

    /// <summary>An instant as a message shows it, to the minute.</summary>
    public static string Instant(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}

public sealed class UserErrorGraphType : ObjectGraphType<UserError>
{
    public UserErrorGraphType()
    {
        Name = "UserError";
        Description = "Why a mutation was refused: a stable code, words a reporter understands, and the path of the input field at fault.";
        Field(e => e.Code);
        Field(e => e.Message);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field").Resolve(c => c.Source.Field);
    }
}
