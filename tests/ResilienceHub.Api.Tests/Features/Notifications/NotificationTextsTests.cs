using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>Every topic's text fits two SMS segments and keeps, whole, what to do and where, however long what it reports.</summary>
public sealed class NotificationTextsTests
{
    private static readonly Uri Link = new("https://resiliencehub.example.nhs.uk/");
    private static readonly ReportingSchedule Schedule = new("Europe/London", 60, 15, [new ReportingWindow(new DateOnly(2016, 4, 26), new TimeOnly(8, 0), new TimeOnly(17, 0))]);
    private static readonly IncidentView Incident = new(1, "NCSRG-2016-04-JDIA", new string('T', 200), "INDUSTRIAL_ACTION", 1, Schedule, [1], new DateTime(2016, 4, 20, 9, 0, 0, DateTimeKind.Utc), null);
    private static readonly OrganisationView Trust = new(1, "RNL", "North Cumbria University Hospitals NHS Trust", OrganisationType.AcuteTrust, false);
    private static readonly ReportingPeriod Ten = Schedule.Periods[2];

    public static TheoryData<string> LongAsks => new()
    {
        // GSM 7-bit: 306 characters in two segments.
        { string.Concat(Enumerable.Repeat("Two anaesthetists and a theatre team for the afternoon list. ", 30)) },
        // A curly apostrophe is outside the GSM alphabet: the text goes as UCS-2, 134 characters in two segments.
        { string.Concat(Enumerable.Repeat("We’re short of two anaesthetists. ", 30)) },
        // Brackets are in GSM's extension table: two septets each.
        { string.Concat(Enumerable.Repeat("[Ward 3] {theatres} ", 30)) },
    };

    [Theory]
    [MemberData(nameof(LongAsks))]
    public void EveryTopicsTextFitsTwoSegmentsAndEndsWithWhatToDoAndTheLink(string ask)
    {
        var messages = new Dictionary<NotificationTopic, (Message Message, string Instruction)>
        {
            [NotificationTopic.ReturnOverdue] = (NotificationTexts.ReturnOverdue(Incident, Trust, Ten, Link), $"Submit the 10:00 return at {Link}"),
            [NotificationTopic.Opel4] = (NotificationTexts.Escalation(Incident, NotificationTopic.Opel4, Trust, Ten, null, Link), $"See the dashboard at {Link}"),
            [NotificationTopic.CriticalIncident] = (NotificationTexts.Escalation(Incident, NotificationTopic.CriticalIncident, Trust, Ten, null, Link), $"See the dashboard at {Link}"),
            [NotificationTopic.SupportRequested] = (NotificationTexts.Escalation(Incident, NotificationTopic.SupportRequested, Trust, Ten, ask, Link), $"See the dashboard at {Link}"),
            [NotificationTopic.SystemOpelRaised] = (NotificationTexts.SystemOpelRaised(Incident, Trust, Ten, 3, 4, Link), $"See the dashboard at {Link}"),
            [NotificationTopic.ActionDue] = (NotificationTexts.ActionDue(Incident, Trust, 12, ask, Ten.DueAt, Link), $"Update it at {Link}"),
            [NotificationTopic.IncidentDeclared] = (NotificationTexts.Declared(Incident with { Title = ask }, Link), $"Send returns at {Link}"),
            [NotificationTopic.IncidentStoodDown] = (NotificationTexts.StoodDown(Incident with { Title = ask }, Link), $"Corrections at {Link}"),
        };

        Assert.Equal(Enum.GetValues<NotificationTopic>(), messages.Keys.Order());
        foreach (var (topic, (message, instruction)) in messages)
        {
            Assert.Equal(topic, message.Topic);
            var (length, limit) = NotificationTexts.SmsSize(message.Text);
            Assert.True(length <= limit, $"{topic}: {length} of {limit}");
            Assert.EndsWith(instruction, message.Text, StringComparison.Ordinal);
            Assert.StartsWith(Incident.Reference, message.Text, StringComparison.Ordinal);
            Assert.True(message.Subject.Length <= NotificationLimits.SubjectMaxLength);
        }
    }

    [Theory]
    [InlineData("OPEL 4", 6, 306)]
    [InlineData("[ward 3]", 10, 306)]
    [InlineData("{a} ~ |€|", 15, 306)]
    [InlineData("ward ’3’", 8, 134)]
    [InlineData("`", 1, 134)]
    public void ATextIsMeasuredAsItsEncodingCountsIt(string text, int length, int limit) =>
        Assert.Equal((length, limit), NotificationTexts.SmsSize(text));

    [Fact]
    public void AShortTextIsSentWhole()
    {
        var message = NotificationTexts.Escalation(Incident, NotificationTopic.Opel4, Trust, Ten, null, Link);

        Assert.Equal($"NCSRG-2016-04-JDIA: North Cumbria University Hospitals NHS Trust declared OPEL 4 in its 10:00 return. See the dashboard at {Link}", message.Text);
    }
}
