using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>Overdue returns chased by e-mail through a real SMTP server, as a deployment with SMTP configured sends them.</summary>
public sealed class ChasingTests
{
    public const string PublicUrl = "https://resiliencehub.example.nhs.uk/";

    // The scenario's first return (08:00 BST, 07:00Z) is due at 07:15Z; chased ten minutes later, at 07:25Z.
    private static readonly DateTimeOffset BeforeTheChase = new(2016, 4, 26, 7, 20, 0, TimeSpan.Zero);

    public static async Task<Scenario> StartAsync(Action<ApiFactory> configure) => await Scenario.StartAsync(BeforeTheChase, api =>
    {
        api.With("Notifications:PublicUrl", PublicUrl).With("Notifications:PollInterval", "00:00:00.1");
        configure(api);
    });

    public static async Task<string> SaveContactAsync(Scenario scenario, int organisationId, string email, string topic = "RETURN_OVERDUE", bool group = false)
    {
        var saved = await scenario.Client.QueryAsync(
            "mutation($i: SaveContactInput!) { saveContact(input: $i) { contact { id } errors { code } } }",
            new { i = new Dictionary<string, object?> { [group ? "groupId" : "organisationId"] = organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = "Duty manager", ["email"] = email, ["topics"] = new[] { topic } } });
        Assert.Empty(saved["saveContact"]!["errors"]!.AsArray());
        return (string)saved["saveContact"]!["contact"]!["id"]!;
    }

    [Fact]
    public async Task AnOverdueReturnSendsOneEmailWithItsSubjectAndTheLinkToSubmitIt()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        await using var smtp = await SmtpServer.StartAsync();
        await using var scenario = await StartAsync(api => api
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:From", "resiliencehub@example.nhs.uk").With("Notifications:Smtp:UseTls", "false"));
        await SaveContactAsync(scenario, scenario.Acute, "duty.manager@rnl.example.nhs.uk");
        var name = await OrganisationNameAsync(scenario, scenario.Acute);

        scenario.Api.Time.Advance(TimeSpan.FromMinutes(6));
        var message = await Eventually.FindAsync(() => smtp.Messages is { Count: > 0 } m ? m[0] : null, TimeSpan.FromSeconds(20));

        Assert.NotNull(message);
        Assert.Equal($"TEST-STRIKE: the 08:00 return from {name} is overdue", message.Subject);
        Assert.Equal("duty.manager@rnl.example.nhs.uk", message.To.Mailboxes.Single().Address);
        Assert.Contains($"Submit the 08:00 return at {PublicUrl}", message.TextBody, StringComparison.Ordinal);
        // Once a period: the scheduler goes on deciding, and its decision is the same row.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Single(smtp.Messages);
        var notification = await Eventually.FindAsync(async () => (string?)(await NotificationsAsync(scenario))[0]!["status"] == "SENT", TimeSpan.FromSeconds(10));
        Assert.True(notification);
        var row = (await NotificationsAsync(scenario)).Single()!;
        Assert.Equal(("RETURN_OVERDUE", "EMAIL", "d***@rnl.example.nhs.uk", 1), ((string)row["topic"]!, (string)row["channel"]!, (string)row["recipient"]!, (int)row["attempts"]!));
    }

    [Fact]
    public async Task AReturnThatArrivesBeforeTheChaseIsNotChased()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        await using var smtp = await SmtpServer.StartAsync();
        await using var scenario = await StartAsync(api => api
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:From", "resiliencehub@example.nhs.uk").With("Notifications:Smtp:UseTls", "false"));
        var other = scenario.Organisations.Single(o => o.Key == "RNN").Value;
        await SaveContactAsync(scenario, scenario.Acute, "duty.manager@rnl.example.nhs.uk");
        await SaveContactAsync(scenario, other, "duty.manager@rnn.example.nhs.uk");
        var submitted = await scenario.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }",
            new { i = scenario.AcuteReturn(Scenario.FirstPeriod) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());

        scenario.Api.Time.Advance(TimeSpan.FromMinutes(6));
        // The other organisation, which sent nothing, is chased: the scheduler has decided the period.
        Assert.NotNull(await Eventually.FindAsync(() => smtp.Messages is { Count: > 0 } m ? m[0] : null, TimeSpan.FromSeconds(20)));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal(["duty.manager@rnn.example.nhs.uk"], smtp.Messages.Select(m => m.To.Mailboxes.Single().Address));
    }

    public static async Task<JsonArray> NotificationsAsync(Scenario scenario) =>
        (await scenario.Client.QueryAsync("query($id: ID!) { incident(id: $id) { notifications { totalCount edges { node { topic channel recipient subject body status attempts lastError sentAt } } } } }",
            new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) }))["incident"]!["notifications"]!["edges"]!.AsArray()
            .Select(e => e!["node"]!.DeepClone()).Aggregate(new JsonArray(), (a, n) => { a.Add(n); return a; });

    public static async Task<string> OrganisationNameAsync(Scenario scenario, int id)
    {
        await using var db = Contexts.Sqlite(scenario.Api.DatabasePath);
        return await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(TestContext.Current.CancellationToken);
    }
}
