using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Features.Notifications.Channels;
using ResilienceHub.Api.Tests.Features.Notifications;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Exercises;

/// <summary>
/// The demo's rehearsal: the April 2016 strike replayed at ten times its speed on a fake clock, with one organisation
/// played and its first return missing. The chaser goes to a real SMTP server (aiosmtpd) and a webhook receiver of the
/// test's own, at the replay's scaled chase time (the default ten minutes is one minute at ten times), within the period,
/// and is listed in <c>Incident.notifications</c> as SENT; the injected organisations, whose returns arrive on time, are
/// not chased.
/// </summary>
public sealed class ExerciseRehearsalTests
{
    // The CCG: in the source its 08:00 return on the first day was 33 minutes late; every other organisation's was on
    // time, so the played organisation is the only one missing at the exercise's first chase.
    private const string Played = "01H";
    private const string Prefix = "EXERCISE EXERCISE EXERCISE";
    private const string WebhookSecret = "a-webhook-secret-of-the-rehearsal";
    private static readonly string[] OverdueOnly = ["RETURN_OVERDUE"];

    [Fact]
    public async Task TheDemosRehearsalChasesThePlayedOrganisationsMissingReturnByEmailAndWebhookWithinItsPeriodAndNoInjectedOne()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync();
        await using var receiver = new LocalHttpServer((_, _) => (200, "{}", null));
        var start = new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);
        // Notifications:ChaseAfter is left at its default, ten minutes: the replay scales it.
        await using var api = new ApiFactory(demo: true, now: start)
            .With("Notifications:PublicUrl", ChasingTests.PublicUrl).With("Notifications:PollInterval", "00:00:00.1")
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:From", "resiliencehub@example.nhs.uk").With("Notifications:Smtp:UseTls", "false")
            .With("Notifications:Webhooks:0:Url", receiver.Url + "hook").With("Notifications:Webhooks:0:Secret", WebhookSecret)
            .With("Notifications:Webhooks:0:Topics", "RETURN_OVERDUE");
        using var director = api.CreateClient();
        var sourceId = await director.IncidentIdAsync(ExerciseClient.DemoReference);

        // Every participant has a contact for overdue returns, so that an injected organisation chased would be seen.
        var participants = (await director.QueryAsync("query($id: ID!) { incident(id: $id) { participants { id odsCode name } } }", new { id = sourceId }))["incident"]!["participants"]!
            .AsArray().Select(p => (Id: (string)p!["id"]!, Ods: (string)p["odsCode"]!, Name: (string)p["name"]!)).ToList();
        Assert.Equal(7, participants.Count);
        foreach (var participant in participants)
        {
            var saved = await director.QueryAsync("mutation($i: SaveContactInput!) { saveContact(input: $i) { contact { id } errors { code message } } }",
                new { i = new { organisationId = participant.Id, name = "Duty manager", email = Address(participant.Ods), topics = OverdueOnly } });
            Assert.Empty(saved["saveContact"]!["errors"]!.AsArray());
        }

        var played = participants.Single(p => p.Ods == Played);
        var startsAt = start.UtcDateTime.AddMinutes(10);
        var payload = await director.StartReplayAsync(new
        {
            sourceIncidentId = sourceId, reference = "EX-2030-01-REHEARSAL", title = "April 2016 strike rehearsed", speed = 10.0,
            startsAt = ExerciseClient.Format(startsAt), playedOrganisationIds = new[] { played.Id },
        });
        Assert.Empty(payload["errors"]!.AsArray());
        var exerciseId = (string)payload["incident"]!["id"]!;
        var periods = payload["incident"]!["periods"]!.AsArray();
        var first = (StartsAt: Instant(periods[0]!["startsAt"]!), DueAt: Instant(periods[0]!["dueAt"]!), EndsAt: Instant(periods[1]!["startsAt"]!));
        // Ten minutes after the due time on the source's clock is one minute on the exercise's: inside the six-minute period.
        var chaseAt = first.DueAt + TimeSpan.FromMinutes(1);
        Assert.True(chaseAt < first.EndsAt);

        // The clock goes from injection to injection up to a second before the chase: the injected returns arrive, on time.
        var injector = api.Services.GetRequiredService<ExerciseInjector>();
        while (await injector.InjectDueAsync(ct) is { } next && next < chaseAt)
        {
            api.Time.SetUtcNow(next);
        }

        api.Time.SetUtcNow(chaseAt - TimeSpan.FromSeconds(1));
        Assert.True(await injector.InjectDueAsync(ct) is not { } pending || pending >= chaseAt);
        var compliance = (await director.DashboardAsync(exerciseId, chaseAt - TimeSpan.FromSeconds(1)))["compliance"]!;
        Assert.Equal((7, 6, 0, 1), ((int)compliance["expected"]!, (int)compliance["onTime"]!, (int)compliance["late"]!, (int)compliance["overdue"]!));
        // Scheduling rounds every 100 ms: a second of them decides nothing before the chase time.
        await Task.Delay(1000, ct);
        Assert.Empty(await NotificationsAsync(director, exerciseId));
        Assert.Empty(smtp.Messages);

        api.Time.SetUtcNow(chaseAt);
        Assert.NotNull(await Eventually.FindAsync(() => smtp.Messages is { Count: > 0 } m ? m : null, TimeSpan.FromSeconds(20)));
        Assert.NotNull(await Eventually.FindAsync(() => receiver.Requests.Count > 0 ? receiver.Requests : null, TimeSpan.FromSeconds(20)));
        Assert.True(await Eventually.FindAsync(async () => (await NotificationsAsync(director, exerciseId)) is { Count: 2 } rows && rows.All(r => (string?)r!["status"] == "SENT"), TimeSpan.FromSeconds(20)),
            (await NotificationsAsync(director, exerciseId)).ToJsonString());
        // The scheduler goes on deciding every 100 ms: still one chaser, to the played organisation only.
        await Task.Delay(1000, ct);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal(Address(Played), message.To.Mailboxes.Single().Address);
        Assert.Equal($"{Prefix} EX-2030-01-REHEARSAL: the 08:00 return from {played.Name} is overdue", message.Subject);
        Assert.StartsWith(Prefix, message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Submit the 08:00 return at {ChasingTests.PublicUrl}", message.TextBody, StringComparison.Ordinal);

        var delivery = Assert.Single(receiver.Requests);
        Assert.Equal("/hook", delivery.Path);
        var timestamp = delivery.Headers[WebhookChannel.TimestampHeader];
        Assert.Equal(new DateTimeOffset(chaseAt).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(timestamp + "." + delivery.Body)));
        Assert.Equal(signature, delivery.Headers[WebhookChannel.SignatureHeader]);
        var body = JsonNode.Parse(delivery.Body)!;
        Assert.Equal(("RETURN_OVERDUE", exerciseId, ChasingTests.PublicUrl), ((string)body["topic"]!, (string)body["incidentId"]!, (string)body["link"]!));
        Assert.Equal(message.Subject, (string)body["subject"]!);

        var notifications = await NotificationsAsync(director, exerciseId);
        Assert.Equal(
            [("RETURN_OVERDUE", "EMAIL", "d***@01h.example.nhs.uk", "SENT", 1), ("RETURN_OVERDUE", "WEBHOOK", "webhook:0", "SENT", 1)],
            notifications.Select(n => ((string)n!["topic"]!, (string)n["channel"]!, (string)n["recipient"]!, (string)n["status"]!, (int)n["attempts"]!)).Order());
        Assert.All(notifications, n => Assert.Equal(chaseAt, Instant(n!["createdAt"]!)));
        Assert.All(notifications, n => Assert.StartsWith(Prefix, (string)n!["subject"]!, StringComparison.Ordinal));
    }

    private static string Address(string odsCode) => $"duty.manager@{odsCode.ToLowerInvariant()}.example.nhs.uk";

    private static DateTime Instant(JsonNode node) => DateTime.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static async Task<JsonArray> NotificationsAsync(HttpClient client, string incidentId) =>
        new([.. (await client.QueryAsync("query($id: ID!) { incident(id: $id) { notifications { edges { node { topic channel recipient subject status attempts lastError createdAt sentAt } } } } }",
            new { id = incidentId }))["incident"]!["notifications"]!["edges"]!.AsArray().Select(e => e!["node"]!.DeepClone())]);
}
