using System.Text.RegularExpressions;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>What a contact may hold, and how its addresses are shown where they must not be read in full.</summary>
public static partial class ContactRules
{
    /// <summary>
    /// A UK mobile number as people write it (07700 900123, +44 7700 900123, 0044 7700-900123) in E.164
    /// (+447700900123), or null when it is not one: UK mobiles are 07 and nine more digits.
    /// </summary>
    public static string? UkMobile(string text)
    {
        var digits = Separators().Replace(text.Trim(), "");
        var national = digits switch
        {
            _ when digits.StartsWith("+44", StringComparison.Ordinal) => "0" + digits[3..],
            _ when digits.StartsWith("0044", StringComparison.Ordinal) => "0" + digits[4..],
            _ => digits,
        };
        return UkMobileNational().IsMatch(national) ? "+44" + national[1..] : null;
    }

    public static bool IsEmail(string text) => Email().IsMatch(text) && text.Length <= ContactLimits.EmailMaxLength;

    /// <summary>An address as logs, exports and the API show it: enough to tell two apart, not enough to use.</summary>
    public static string Mask(string recipient) => recipient switch
    {
        _ when recipient.StartsWith("webhook:", StringComparison.Ordinal) => recipient,
        _ when recipient.Contains('@', StringComparison.Ordinal) => recipient[..1] + "***" + recipient[recipient.IndexOf('@', StringComparison.Ordinal)..],
        _ when recipient.Length > 6 => recipient[..4] + new string('*', recipient.Length - 7) + recipient[^3..],
        _ => "***",
    };

    public static string WriteTopics(IEnumerable<NotificationTopic> topics) => string.Join(",", topics.Distinct().Order().Select(t => t.ToString()));

    public static IReadOnlyList<NotificationTopic> ReadTopics(string topics) =>
        [.. topics.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<NotificationTopic>)];

    /// <summary>Every problem of a contact, each with its field.</summary>
    public static List<UserError> Validate(SaveContactInput input, out string? email, out string? mobile)
    {
        var errors = new List<UserError>();
        var name = input.Name.Trim();
        if (name.Length == 0)
        {
            errors.Add(new("NAME_REQUIRED", "Give the contact's name or role, e.g. Duty director.", ["name"]));
        }

        UserErrors.CheckText(errors, name, "name", ContactLimits.NameMaxLength);
        email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        mobile = string.IsNullOrWhiteSpace(input.Mobile) ? null : UkMobile(input.Mobile);
        if (email is not null && !IsEmail(email))
        {
            errors.Add(new("INVALID_EMAIL", "The e-mail address does not read as one, e.g. duty.director@nhs.net.", ["email"]));
        }

        if (!string.IsNullOrWhiteSpace(input.Mobile) && mobile is null)
        {
            errors.Add(new("INVALID_MOBILE", "The mobile number is not a UK mobile: 07 and nine more digits, or +44 7 and nine more.", ["mobile"]));
        }

        if (email is null && string.IsNullOrWhiteSpace(input.Mobile))
        {
            errors.Add(new("ADDRESS_REQUIRED", "Give an e-mail address, a mobile number, or both.", ["email"]));
        }

        if (input.Topics.Count == 0)
        {
            errors.Add(new("TOPICS_REQUIRED", "Choose at least one topic the contact is to be told about.", ["topics"]));
        }

        if ((input.OrganisationId is null) == (input.GroupId is null))
        {
            errors.Add(new("ONE_OWNER_REQUIRED", "A contact belongs to exactly one organisation or one group: give organisationId or groupId.", ["organisationId"]));
        }

        return errors;
    }

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^07\d{9}$")]
    private static partial Regex UkMobileNational();

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}]+\.[^@\s\p{C}]+$")]
    private static partial Regex Email();
}
