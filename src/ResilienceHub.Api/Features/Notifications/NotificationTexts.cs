using System.Globalization;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>A message before it is addressed: the e-mail's subject, and a text that says what to do and fits in two SMS segments.</summary>
public sealed record Message(NotificationTopic Topic, string Subject, string Text, Uri Link);

/// <summary>What each topic says. Every subject and text passes through <see cref="Marked"/>.</summary>
public static class NotificationTexts
{
    public const string ExercisePrefix = Exercises.ExerciseMarks.Codeword;

    /// <summary>Two concatenated SMS segments of the GSM 7-bit alphabet (153 characters each); 67 each in UCS-2.</summary>
    public const int SmsGsmLimit = 306;

    public const int SmsUcs2Limit = 134;

    /// <summary>The one place an exercise's messages are marked: every subject and text goes through here.</summary>
    public static string Marked(IncidentView incident, string text) => incident.Exercise ? $"{ExercisePrefix} {text}" : text;

    public static Message ReturnOverdue(IncidentView incident, OrganisationView organisation, ReportingPeriod period, Uri link)
    {
        var at = Time(incident, period.StartsAt);
        return Make(incident, NotificationTopic.ReturnOverdue, link,
            $"{incident.Reference}: the {at} return from {organisation.Name} is overdue",
            $"{incident.Reference}: {organisation.Name} has not sent its {at} return, due at {Time(incident, period.DueAt)}.",
            $"Submit the {at} return at {link}");
    }

    public static Message ActionDue(IncidentView incident, OrganisationView owner, int number, string title, DateTime dueAt, Uri link) =>
        Make(incident, NotificationTopic.ActionDue, link,
            $"{incident.Reference}: action {number} for {owner.Name} is due at {Time(incident, dueAt)}",
            $"{incident.Reference}: action {number} ({title}) is due at {Time(incident, dueAt)}.",
            $"Update it at {link}");

    public static Message Escalation(IncidentView incident, NotificationTopic topic, OrganisationView organisation, ReportingPeriod period, string? supportRequested, Uri link)
    {
        var at = Time(incident, period.StartsAt);
        var (subject, text) = topic switch
        {
            NotificationTopic.Opel4 => ($"{incident.Reference}: {organisation.Name} declared OPEL 4", $"{incident.Reference}: {organisation.Name} declared OPEL 4 in its {at} return."),
            NotificationTopic.CriticalIncident => ($"{incident.Reference}: {organisation.Name} declared a critical incident", $"{incident.Reference}: {organisation.Name} declared a critical incident in its {at} return."),
            NotificationTopic.SupportRequested => ($"{incident.Reference}: {organisation.Name} asks for support", $"{incident.Reference}: {organisation.Name} asks for support: {supportRequested}"),
            _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "Not a topic of a return."),
        };
        return Make(incident, topic, link, subject, text, $"See the dashboard at {link}");
    }

    public static Message SystemOpelRaised(IncidentView incident, OrganisationView organisation, ReportingPeriod period, int from, int to, Uri link) =>
        Make(incident, NotificationTopic.SystemOpelRaised, link,
            $"{incident.Reference}: the system's OPEL level rose from {from} to {to}",
            $"{incident.Reference}: the system's OPEL level rose from {from} to {to} with the {Time(incident, period.StartsAt)} return from {organisation.Name}.",
            $"See the dashboard at {link}");

    public static Message Declared(IncidentView incident, Uri link) =>
        Make(incident, NotificationTopic.IncidentDeclared, link,
            $"{incident.Reference} declared: {incident.Title}",
            $"{incident.Reference} declared: {incident.Title}. First return for {Time(incident, incident.Schedule.Periods[0].StartsAt)} on {incident.Schedule.LocalDateOf(incident.Schedule.Periods[0].StartsAt).ToString("d MMM", CultureInfo.InvariantCulture)}.",
            $"Send returns at {link}");

    public static Message StoodDown(IncidentView incident, Uri link) =>
        Make(incident, NotificationTopic.IncidentStoodDown, link,
            $"{incident.Reference} stood down",
            $"{incident.Reference} ({incident.Title}) has been stood down; no more returns are needed.",
            $"Corrections at {link}");

    private static string Time(IncidentView incident, DateTime utc) =>
        incident.Schedule.LocalTimeOf(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Shortens the description, never the instruction with its link, until the text fits two segments.</summary>
    private static Message Make(IncidentView incident, NotificationTopic topic, Uri link, string subject, string description, string instruction)
    {
        var subjectMarked = Marked(incident, subject);
        var text = Marked(incident, description + " " + instruction);
        var (length, limit) = SmsSize(text);
        if (length > limit)
        {
            // A character outside the GSM alphabet would send the whole text as UCS-2, in less than half the room. Each
            // character cut frees at least one unit, so cutting the excess in characters is always enough.
            var ellipsis = limit == SmsGsmLimit ? "..." : "…";
            var cut = Math.Max(0, description.Length - (length - limit) - ellipsis.Length);
            cut -= cut > 0 && char.IsHighSurrogate(description[cut - 1]) ? 1 : 0;
            text = Marked(incident, description[..cut] + ellipsis + " " + instruction);
        }

        return new(topic, subjectMarked.Length > NotificationLimits.SubjectMaxLength ? subjectMarked[..NotificationLimits.SubjectMaxLength] : subjectMarked, text, link);
    }

    /// <summary>
    /// A text's length as its SMS encoding counts it, and what two segments of that encoding hold: in GSM 7-bit septets
    /// (a character of the extension table, such as <c>[</c> or <c>€</c>, takes two), or in UCS-2 when any character is
    /// outside the GSM alphabet.
    /// </summary>
    public static (int Length, int Limit) SmsSize(string text) =>
        text.All(c => IsGsmBasic(c) || GsmExtension.Contains(c))
            ? (text.Length + text.Count(GsmExtension.Contains), SmsGsmLimit)
            : (text.Length, SmsUcs2Limit);

    private const string GsmExtension = "^{}\\[~]|€\f";

    // The GSM 03.38 basic set, near enough: ASCII printable less those in the extension table and the backtick, and the
    // accented letters it has.
    private static bool IsGsmBasic(char c) =>
        c is >= ' ' and <= 'z' and not ('`' or '[' or '\\' or ']' or '^') || "\n\r£¥èéùìòÇØøÅåÉÄÖÑÜäöñüà§¿¡".Contains(c);
}
