using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Notifications.Channels;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>GOV.UK Notify through its HTTP contract, webhooks signed, and each notification sent once by several instances.</summary>
public sealed class DeliveryTests
{
    private const string ServiceId = "26785a09-ab16-4eb0-8407-a37497a57506";
    private const string Secret = "3d844edf-8d35-48ac-975b-e847b4f122b0";
    private const string Template = "f33517ff-2a88-4f6e-b855-c550268ce08a";
    private const string WebhookSecret = "a-webhook-secret-of-the-test";
    private static readonly string[] IncidentDeclared = ["INCIDENT_DECLARED"];

    private static JsonObject Opel4(Scenario scenario) { var r = scenario.AcuteReturn(Scenario.FirstPeriod); r["opelLevel"] = 4; return r; }

    [Fact]
    public async Task NotifyIsSentASignedTokenAndTheTemplateAndARefusalIsFailedWhileThrottlingAndFaultsAreRetried()
    {
        var calls = new Dictionary<string, int>();
        await using var notify = new LocalHttpServer((request, body) =>
        {
            var problem = CheckJwt(request.Headers["Authorization"]);
            var json = JsonNode.Parse(body)!;
            var email = (string)json["email_address"]!;
            if (problem is not null || (string?)json["template_id"] != Template || json["personalisation"]?["subject"] is null)
            {
                return (403, $"{{\"errors\":[{{\"error\":\"AuthError\",\"message\":\"{problem ?? "bad body"}\"}}],\"status_code\":403}}", null);
            }

            lock (calls)
            {
                calls[email] = calls.GetValueOrDefault(email) + 1;
                return (email, calls[email]) switch
                {
                    ("bad@example.nhs.uk", _) => (400, "{\"errors\":[{\"error\":\"BadRequestError\",\"message\":\"email_address Not a valid email address\"}],\"status_code\":400}", null),
                    (_, 1) => (429, "{\"errors\":[{\"error\":\"RateLimitError\",\"message\":\"Exceeded rate limit\"}],\"status_code\":429}", TimeSpan.FromSeconds(20)),
                    (_, 2) => (500, "{\"errors\":[{\"error\":\"Exception\",\"message\":\"Internal server error\"}],\"status_code\":500}", null),
                    _ => (201, $"{{\"id\":\"{Guid.NewGuid()}\",\"reference\":null,\"content\":{{\"body\":\"b\",\"subject\":\"s\",\"from_email\":\"f@notify\"}},\"uri\":\"u\",\"template\":{{\"id\":\"{Template}\",\"version\":1,\"uri\":\"t\"}}}}", null),
                };
            }
        });
        await using var scenario = await ChasingTests.StartAsync(api => api
            .With("Notifications:Notify:ApiKey", $"resiliencehub_test-{ServiceId}-{Secret}").With("Notifications:Notify:BaseUrl", notify.Url.ToString())
            .With("Notifications:Notify:Templates:OPEL_4", Template));
        var group = await GroupIdAsync(scenario);
        await ChasingTests.SaveContactAsync(scenario, group, "director@example.nhs.uk", "OPEL_4", group: true);
        await ChasingTests.SaveContactAsync(scenario, group, "bad@example.nhs.uk", "OPEL_4", group: true);

        var submitted = await scenario.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = Opel4(scenario) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());

        // The 429 asked for 20 s; the 500 waits the second backoff, a minute. The clock is the API's own.
        Assert.True(await AttemptsRecordedAsync(scenario, 1));
        scenario.Api.Time.Advance(TimeSpan.FromSeconds(21));
        Assert.True(await AttemptsRecordedAsync(scenario, 2));
        Assert.Equal(1, notify.Requests.Snapshot().Count(r => r.Status == 500));
        scenario.Api.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await Eventually.FindAsync(() => Task.FromResult(notify.Requests.Snapshot().Any(r => r.Status == 201)), TimeSpan.FromSeconds(20)));

        var rows = await Eventually.FindAsync(async () => (await ChasingTests.NotificationsAsync(scenario)).All(n => (string?)n!["status"] is "SENT" or "FAILED")
            , TimeSpan.FromSeconds(10));
        Assert.True(rows);
        var byRecipient = (await ChasingTests.NotificationsAsync(scenario)).ToDictionary(n => (string)n!["recipient"]!, n => n!);
        Assert.Equal(("SENT", 3), ((string)byRecipient["d***@example.nhs.uk"]["status"]!, (int)byRecipient["d***@example.nhs.uk"]["attempts"]!));
        Assert.Equal(("FAILED", 1), ((string)byRecipient["b***@example.nhs.uk"]["status"]!, (int)byRecipient["b***@example.nhs.uk"]["attempts"]!));
        Assert.Contains("400", (string)byRecipient["b***@example.nhs.uk"]["lastError"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(notify.Requests.Snapshot(), r => r.Status == 403);
        Assert.Equal(1, notify.Requests.Snapshot().Count(r => r.Body.Contains("bad@example.nhs.uk", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnSmtpServerAwayDelaysTheEmailNeverTheReturnAndTheLogNeverHoldsTheAddress()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        var port = SmtpServer.FreePort();
        await using var scenario = await ChasingTests.StartAsync(api => api.CaptureLogs()
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:From", "resiliencehub@example.nhs.uk").With("Notifications:Smtp:UseTls", "false"));
        await ChasingTests.SaveContactAsync(scenario, await GroupIdAsync(scenario), "director@example.nhs.uk", "OPEL_4", group: true);

        // Nothing listens on the port: the return is taken all the same, and its e-mail waits.
        var submitted = await scenario.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code } } }", new { i = Opel4(scenario) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());
        Assert.NotNull(submitted["submitSitrep"]!["sitrep"]);
        Assert.True(await AttemptsRecordedAsync(scenario, 1));
        var waiting = (await ChasingTests.NotificationsAsync(scenario)).Single()!;
        Assert.Equal(("PENDING", 1), ((string)waiting["status"]!, (int)waiting["attempts"]!));
        Assert.StartsWith("SMTP", (string)waiting["lastError"]!, StringComparison.Ordinal);

        // The server comes back; the backoff's 30 s pass on the API's clock.
        await using var smtp = await SmtpServer.StartAsync(port);
        scenario.Api.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.NotNull(await Eventually.FindAsync(() => smtp.Messages is { Count: > 0 } m ? m : null, TimeSpan.FromSeconds(20)));
        Assert.True(await AttemptsRecordedAsync(scenario, 2));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal("director@example.nhs.uk", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
        var sent = (await ChasingTests.NotificationsAsync(scenario)).Single()!;
        Assert.Equal(("SENT", 2, "d***@example.nhs.uk"), ((string)sent["status"]!, (int)sent["attempts"]!, (string)sent["recipient"]!));
        var log = scenario.Api.Logs!.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(log, line => line.Contains("to d***@example.nhs.uk: sent at attempt 2", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains("director@example.nhs.uk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWebhookReceiverVerifiesTheSignatureAndAWrongSecretDoesNot()
    {
        await using var receiver = new LocalHttpServer((_, _) => (200, "{}", null));
        await using var scenario = await ChasingTests.StartAsync(api => api
            .With("Notifications:Webhooks:0:Url", receiver.Url + "hook").With("Notifications:Webhooks:0:Secret", WebhookSecret).With("Notifications:Webhooks:0:Topics", "OPEL_4"));

        await scenario.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = Opel4(scenario) });
        Assert.True(await Eventually.FindAsync(() => Task.FromResult(receiver.Requests.Snapshot().Count > 0), TimeSpan.FromSeconds(20)));

        var request = receiver.Requests.Snapshot().Single();
        var timestamp = request.Headers[WebhookChannel.TimestampHeader];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(timestamp + "." + request.Body)));
        var wrong = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("not-the-webhook-secret"), Encoding.UTF8.GetBytes(timestamp + "." + request.Body)));
        Assert.Equal(expected, request.Headers[WebhookChannel.SignatureHeader]);
        Assert.NotEqual(wrong, request.Headers[WebhookChannel.SignatureHeader]);
        Assert.Equal(scenario.Api.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal("OPEL_4", (string)JsonNode.Parse(request.Body)!["topic"]!);
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseSendEachNotificationOnceAndAStoppedOnesAreSentAfterItsRestart()
    {
        await using var receiver = new LocalHttpServer((_, _) => (200, "{}", null));
        // The first instance looks only once, at its start: what it writes after waits in the outbox.
        await using var first = await ChasingTests.StartAsync(api => api
            .With("Notifications:Webhooks:0:Url", receiver.Url + "hook").With("Notifications:Webhooks:0:Secret", WebhookSecret)
            .With("Notifications:Webhooks:0:Topics", "OPEL_4,CRITICAL_INCIDENT").With("Notifications:PollInterval", "00:10:00"));
        var r = Opel4(first);
        r["criticalIncidentDeclared"] = true;
        await first.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = r });
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(receiver.Requests.Snapshot());
        // Stopped (its database file stays until the scenario ends), then two instances in its place.
        await first.Api.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHost>().StopAsync(TestContext.Current.CancellationToken);

        ApiFactory Second() => new ApiFactory(databasePath: first.Api.DatabasePath, now: first.Api.Time.GetUtcNow())
            .With("Notifications:PublicUrl", ChasingTests.PublicUrl).With("Notifications:PollInterval", "00:00:00.05")
            .With("Notifications:Webhooks:0:Url", receiver.Url + "hook").With("Notifications:Webhooks:0:Secret", WebhookSecret);
        await using var a = Second();
        await using var b = Second();
        _ = a.Services;
        _ = b.Services;

        Assert.True(await Eventually.FindAsync(() => Task.FromResult(receiver.Requests.Snapshot().Count >= 2), TimeSpan.FromSeconds(20)));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var ids = receiver.Requests.Snapshot().Select(q => (string)JsonNode.Parse(q.Body)!["id"]!).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(2, ids.Distinct().Count());
        await using var db = Contexts.Sqlite(first.Api.DatabasePath);
        Assert.All(await db.Notifications.ToListAsync(TestContext.Current.CancellationToken), n => Assert.Equal((DeliveryStatus.Sent, 1), (n.Status, n.Attempts)));
    }

    [Fact]
    public async Task ANotificationWrittenByAnInstanceKilledBeforeItsSendIsSentOnceAfterTheRestart()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        await using var smtp = await SmtpServer.StartAsync();
        await using var receiver = new LocalHttpServer((_, _) => (200, "{}", null));
        var database = Path.Combine(Directory.CreateTempSubdirectory("resiliencehub-killed-").FullName, "resiliencehub.db");
        Dictionary<string, string> Settings(string pollInterval) => KilledSettings(database, smtp.Port, receiver.Url, pollInterval);

        // The first process's sender looked once, as it started: what it writes after waits in the outbox.
        await using (var first = await ApiProcess.StartAsync("Testing", Settings("00:10:00")))
        {
            await DeclareWithAContactAsync(first);

            // Committed with the declaration, not sent: then SIGKILL, with no shutdown of any kind.
            await using (var db = Contexts.Sqlite(database))
            {
                Assert.Equal(
                    [(NotificationChannel.Email, DeliveryStatus.Pending, 0), (NotificationChannel.Webhook, DeliveryStatus.Pending, 0)],
                    (await db.Notifications.OrderBy(n => n.Channel).ToListAsync(TestContext.Current.CancellationToken)).Select(n => (n.Channel, n.Status, n.Attempts)));
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Empty(smtp.Messages);
            Assert.Empty(receiver.Requests.Snapshot());
            await first.KillHardAsync();
        }

        await using var second = await ApiProcess.StartAsync("Testing", Settings("00:00:00.1"));

        Assert.True(await Eventually.FindAsync(() => Task.FromResult(smtp.Messages.Count > 0 && receiver.Requests.Snapshot().Count > 0), TimeSpan.FromSeconds(30)), second.Output);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("duty.manager@rnl.example.nhs.uk", message.To.Mailboxes.Single().Address);
        Assert.StartsWith("NCSRG-2016-05-JDIA declared", message.Subject, StringComparison.Ordinal);
        Assert.Equal("INCIDENT_DECLARED", (string)JsonNode.Parse(Assert.Single(receiver.Requests.Snapshot()).Body)!["topic"]!);
        await using (var db = Contexts.Sqlite(database))
        {
            Assert.All(await db.Notifications.ToListAsync(TestContext.Current.CancellationToken), n => Assert.Equal((DeliveryStatus.Sent, 1), (n.Status, n.Attempts)));
        }
    }

    [Fact]
    public async Task ANotificationClaimedByAnInstanceKilledMidSendIsSentOnceByTheNextWhenTheClaimRunsOut()
    {
        Assert.SkipUnless(SmtpServer.Available, SmtpServer.Missing);
        await using var smtp = await SmtpServer.StartAsync();
        await using var receiver = new LocalHttpServer((_, _) => (200, "{}", null));
        // A server that takes the connection and never greets: the first process's send hangs there, holding its claim.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var database = Path.Combine(Directory.CreateTempSubdirectory("resiliencehub-killed-").FullName, "resiliencehub.db");
        var hanging = KilledSettings(database, ((System.Net.IPEndPoint)silent.LocalEndpoint).Port, receiver.Url, "00:00:00.1");
        hanging["Notifications:Lease"] = "00:00:10";

        await using (var first = await ApiProcess.StartAsync("Testing", hanging))
        {
            await DeclareWithAContactAsync(first);
            // The e-mail (written first) is claimed and on its way when the process is killed; the webhook waits behind it.
            Assert.True(await Eventually.FindAsync(async () =>
            {
                await using var db = Contexts.Sqlite(database);
                return await db.Notifications.AnyAsync(n => n.Channel == NotificationChannel.Email && n.LeaseToken != null && n.Attempts == 0, TestContext.Current.CancellationToken);
            }, TimeSpan.FromSeconds(20)), first.Output);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Empty(smtp.Messages);
            await first.KillHardAsync();
        }

        await using var second = await ApiProcess.StartAsync("Testing", KilledSettings(database, smtp.Port, receiver.Url, "00:00:00.1"));

        Assert.NotNull(await Eventually.FindAsync(() => smtp.Messages is { Count: > 0 } m ? m : null, TimeSpan.FromSeconds(40)));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal("duty.manager@rnl.example.nhs.uk", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
        Assert.Single(receiver.Requests.Snapshot());
        await using (var db = Contexts.Sqlite(database))
        {
            Assert.All(await db.Notifications.ToListAsync(TestContext.Current.CancellationToken), n => Assert.Equal((DeliveryStatus.Sent, 1), (n.Status, n.Attempts)));
        }
    }

    /// <summary>A child process's settings: SQLite at <paramref name="database"/>, e-mail to this SMTP port, a webhook for declarations.</summary>
    private static Dictionary<string, string> KilledSettings(string database, int smtpPort, Uri receiver, string pollInterval) => new()
    {
        ["Database:Provider"] = "Sqlite", ["ConnectionStrings:ResilienceHub"] = $"Data Source={database}", ["Seed:Demo"] = "false",
        ["Authentication:DevelopmentSigningKey"] = ApiFactory.TestSigningKey, ["Dashboard:WarmUp"] = "false",
        ["Notifications:PublicUrl"] = ChasingTests.PublicUrl, ["Notifications:PollInterval"] = pollInterval,
        ["Notifications:Smtp:Host"] = "127.0.0.1", ["Notifications:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:From"] = "resiliencehub@example.nhs.uk", ["Notifications:Smtp:UseTls"] = "false",
        ["Notifications:Webhooks:0:Url"] = receiver + "hook", ["Notifications:Webhooks:0:Secret"] = WebhookSecret,
        ["Notifications:Webhooks:0:Topics"] = "INCIDENT_DECLARED",
    };

    /// <summary>Keeps a contact of RNL who wants declarations, then declares the strike: its notifications are written with it.</summary>
    private static async Task DeclareWithAContactAsync(RunningApi api)
    {
        using var director = api.Client(ApiFactory.Token(ApiFactory.DirectorName, [Api.Features.Access.Roles.Director], []));
        var rnl = (string)(await director.QueryAsync("{ organisation(odsCode: \"RNL\") { id } }"))["organisation"]!["id"]!;
        var saved = await director.QueryAsync("mutation($i: SaveContactInput!) { saveContact(input: $i) { errors { code } } }",
            new { i = new { organisationId = rnl, name = "Duty manager", email = "duty.manager@rnl.example.nhs.uk", topics = IncidentDeclared } });
        Assert.Empty(saved["saveContact"]!["errors"]!.AsArray());
        await Incidents.IncidentMutationsClient.DeclareStrikeAsync(director);
    }

    /// <summary>Waits until the first notification's attempts are recorded, so that the clock moves only after.</summary>
    private static Task<bool> AttemptsRecordedAsync(Scenario scenario, int attempts) => Eventually.FindAsync(async () =>
    {
        await using var db = Contexts.Sqlite(scenario.Api.DatabasePath);
        return await db.Notifications.AnyAsync(n => n.Id == 1 && n.Attempts == attempts && n.LeaseToken == null, TestContext.Current.CancellationToken);
    }, TimeSpan.FromSeconds(20));

    private static async Task<int> GroupIdAsync(Scenario scenario)
    {
        await using var db = Contexts.Sqlite(scenario.Api.DatabasePath);
        return await db.ResilienceGroups.Select(g => g.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Notify's check of a request's token: HS256 with the key's secret, iss the service id, iat within 30 s.</summary>
    private static string? CheckJwt(string? authorization)
    {
        if (authorization?.StartsWith("Bearer ", StringComparison.Ordinal) != true)
        {
            return "no bearer token";
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return "not a JWT";
        }

        var header = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]))!;
        var claims = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        var signature = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts[0] + "." + parts[1])));
        var iat = (long)claims["iat"]!.GetValue<double>();
        return (string?)header["alg"] != "HS256" ? "alg"
            : signature != parts[2] ? "signature"
            : (string?)claims["iss"] != ServiceId ? "iss"
            : Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - iat) > 30 ? "Error: Your system clock must be accurate to within 30 seconds"
            : null;
    }
}
