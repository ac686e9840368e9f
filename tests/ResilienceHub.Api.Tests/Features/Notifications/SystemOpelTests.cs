using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>The group told, by e-mail through a real SMTP server, each time a return raises the system's OPEL level as the dashboard shows it.</summary>
public sealed class SystemOpelTests
{
    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code } } }";
    private const string Amend = "mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id } errors { code } } }";

    [Fact]
    public async Task TheGroupIsToldOnceEachTimeAReturnRaisesTheSystemsOpelLevelInTheSameWriteAndNeverForAReturnThatDoesNot()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        await using var smtp = await SmtpServer.StartAsync();
        await using var scenario = await ChasingTests.StartAsync(api => api
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:From", "resiliencehub@example.nhs.uk").With("Notifications:Smtp:UseTls", "false"));
        int group;
        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            group = await db.ResilienceGroups.Select(g => g.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        await ChasingTests.SaveContactAsync(scenario, group, "incident.director@example.nhs.uk", "SYSTEM_OPEL_RAISED", group: true);
        // The topic is the group's: an organisation's contact who chose it is not told.
        await ChasingTests.SaveContactAsync(scenario, scenario.Acute, "duty.manager@rnl.example.nhs.uk", "SYSTEM_OPEL_RAISED");
        var rnn = scenario.Organisations["RNN"];

        // 08:00 (07:00Z): RNN's return gives the system its first level, 1; that raises nothing.
        await SubmittedAsync(scenario, NilReturn(scenario, rnn, Scenario.FirstPeriod, opelLevel: 1));
        Assert.Equal(0, await RaisesAsync(scenario));
        // RNL's at OPEL 2 raises it from 1 to 2, written with the return.
        var rnl = await SubmittedAsync(scenario, scenario.AcuteReturn(Scenario.FirstPeriod));
        Assert.Equal(1, await RaisesAsync(scenario));
        // A correction that leaves the level where it is raises nothing; one to OPEL 3 raises it once, however often it is retried.
        await AmendedAsync(scenario, Correction(rnl, 1, opelLevel: 2, key: "keeps-2"));
        Assert.Equal(1, await RaisesAsync(scenario));
        await AmendedAsync(scenario, Correction(rnl, 2, opelLevel: 3, key: "raises-to-3"));
        await AmendedAsync(scenario, Correction(rnl, 2, opelLevel: 3, key: "raises-to-3"));
        Assert.Equal(2, await RaisesAsync(scenario));
        // RNN at OPEL 3 too: the system stays at 3.
        await SubmittedAsync(scenario, NilReturn(scenario, rnn, Scenario.FirstPeriod.AddHours(1), opelLevel: 3), at: Scenario.FirstPeriod.AddMinutes(50));
        Assert.Equal(2, await RaisesAsync(scenario));
        // RNL's 09:00 return sent early, at 07:55Z, at OPEL 4: it raises the level the dashboard shows from 08:00Z, 3 to 4.
        var early = scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1));
        early["opelLevel"] = 4;
        await SubmittedAsync(scenario, early, at: Scenario.FirstPeriod.AddMinutes(55));
        Assert.Equal(3, await RaisesAsync(scenario));

        var messages = await Eventually.FindAsync(() => smtp.Messages is { Count: >= 3 } m ? m : null, TimeSpan.FromSeconds(20));
        Assert.NotNull(messages);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(
            ["TEST-STRIKE: the system's OPEL level rose from 1 to 2", "TEST-STRIKE: the system's OPEL level rose from 2 to 3", "TEST-STRIKE: the system's OPEL level rose from 3 to 4"],
            smtp.Messages.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.All(smtp.Messages, m => Assert.Equal("incident.director@example.nhs.uk", m.To.Mailboxes.Single().Address));
        var name = await ChasingTests.OrganisationNameAsync(scenario, scenario.Acute);
        Assert.Contains(smtp.Messages, m => m.TextBody?.Contains($"with the 09:00 return from {name}. See the dashboard at {ChasingTests.PublicUrl}", StringComparison.Ordinal) == true);
    }

    private static JsonObject NilReturn(Scenario scenario, int organisation, DateTime period, int opelLevel) => new()
    {
        ["incidentId"] = scenario.IncidentId.ToString(CultureInfo.InvariantCulture),
        ["organisationId"] = organisation.ToString(CultureInfo.InvariantCulture),
        ["periodStartsAt"] = period.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["opelLevel"] = opelLevel,
        ["criticalIncidentDeclared"] = false,
        ["measures"] = new JsonArray(),
        ["nil"] = true,
    };

    private static JsonObject Correction(string sitrepId, int expectedVersion, int opelLevel, string key)
    {
        var content = Scenario.AcuteReturn(0, 0, Scenario.FirstPeriod);
        return new()
        {
            ["sitrepId"] = sitrepId,
            ["expectedVersion"] = expectedVersion,
            ["reason"] = "OPEL level confirmed with the site manager",
            ["opelLevel"] = opelLevel,
            ["criticalIncidentDeclared"] = false,
            ["measures"] = content["measures"]!.DeepClone(),
            ["keyIssues"] = $"Escalation reviewed ({key}).",
            ["idempotencyKey"] = key,
        };
    }

    private static async Task<string> SubmittedAsync(Scenario scenario, JsonObject input, DateTime? at = null)
    {
        if (at is { } instant)
        {
            scenario.Api.Time.Advance(new DateTimeOffset(instant) - scenario.Api.Time.GetUtcNow());
        }

        var payload = (await scenario.Client.QueryAsync(Submit, new { i = input }))["submitSitrep"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        return (string)payload["sitrep"]!["id"]!;
    }

    private static async Task AmendedAsync(Scenario scenario, JsonObject input)
    {
        var payload = (await scenario.Client.QueryAsync(Amend, new { i = input }))["amendSitrep"]!;
        Assert.Empty(payload["errors"]!.AsArray());
    }

    /// <summary>The notifications of the topic stored so far: as soon as the write answers, before any is sent.</summary>
    private static Task<int> RaisesAsync(Scenario scenario) =>
        scenario.CountAsync(db => db.Notifications.CountAsync(n => n.Topic == NotificationTopic.SystemOpelRaised));
}
