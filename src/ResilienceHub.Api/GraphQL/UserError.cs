using System.Globalization;
using GraphQL.Types;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.GraphQL;

/// <summary>A domain or validation failure a reporter can act on; <c>Field</c> is the path into the input.</summary>
public sealed record UserError(string Code, string Message, IReadOnlyList<string>? Field = null);

/// <summary>The pieces every mutation's validation writes its errors with.</summary>
public static class UserErrors
{
    /// <summary>
    /// Free text is at most <paramref name="maxLength"/> characters, and holds no control characters (line breaks and
    /// tabs where <paramref name="multiline"/>) and no bidirectional overrides, which can make a stored text read
    /// differently from what it says. Refused, not stripped: nothing submitted is silently changed.
    /// </summary>
    public static void CheckText(List<UserError> errors, string? text, string field, int maxLength, bool multiline = false)
    {
        if (text is null)
        {
            return;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new("TEXT_TOO_LONG", $"{field} is {text.Length} characters long; the most allowed is {maxLength}.", [field]));
        }

        var at = text.AsSpan().IndexOfAny(multiline ? ForbiddenInMultilineText : ForbiddenInText);
        if (at >= 0)
        {
            errors.Add(new("INVALID_CHARACTER",
                $"{field} holds the invisible character U+{(int)text[at]:X4} at position {at + 1}; remove it{(multiline ? "" : " (line breaks and tabs are not allowed here either)")}.",
                [field]));
        }
    }

    private static readonly System.Buffers.SearchValues<char> ForbiddenInText = System.Buffers.SearchValues.Create(Forbidden(multiline: false));
    private static readonly System.Buffers.SearchValues<char> ForbiddenInMultilineText = System.Buffers.SearchValues.Create(Forbidden(multiline: true));

    // C0 and C1 controls and DEL; the bidirectional marks, embeddings, overrides and isolates.
    private static string Forbidden(bool multiline) => string.Concat(
        Enumerable.Range(0, 0x20).Where(c => !multiline || c is not ('\t' or '\n' or '\r'))
            .Concat(Enumerable.Range(0x7F, 0x21))
            .Concat([0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
            .Select(c => (char)c));

    /// <summary>
    /// No organisation has this id; when the text is an ODS code, say so and give the id to send instead, since a feed
    /// that knows its organisation by ODS code will try that first.
    /// </summary>
    public static UserError NoSuchOrganisation(string id, ReferenceDataSnapshot catalogue, params string[] field)
    {
        var hint = catalogue.OrganisationsByOdsCode.GetValueOrDefault(id.Trim().ToUpperInvariant()) is { } organisation
            ? $" '{id}' is the ODS code of {organisation.Name}, whose id is {Ids.Format(organisation.Id)}: ids are the ones the API gives (or their number alone), found with organisation(odsCode: \"{organisation.OdsCode}\") {{ id }}."
            : " Ids are the ones the API gives: find an organisation's with organisation(odsCode: \"…\") { id }, or list them with organisations { id odsCode name }.";
        return new("ORGANISATION_NOT_FOUND", $"There is no organisation with id '{id}'.{hint}", field);
    }

    /// <summary>No incident has this id, with how to find one.</summary>
    public static UserError NoSuchIncident(string id, params string[] field) => new(
        "INCIDENT_NOT_FOUND",
        $"There is no incident with id '{id}'. Ids are the numbers the API gives, not references: list them with incidents {{ id reference }}.",
        field);

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
