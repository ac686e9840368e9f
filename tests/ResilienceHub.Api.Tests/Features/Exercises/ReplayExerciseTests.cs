using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Exercises;

/// <summary>
/// The April 2016 strike replayed at ten times its speed, on a fake clock, with the acute trust played by its site
/// manager: at each scaled period the exercise's dashboard is the source's at the original period; the API is
/// restarted half-way and injects nothing twice; the stood-down exercise is deleted and only its audit trail stays.
/// </summary>
public sealed class ReplayExerciseTests
{
    private const string Played = "RNL";
    private const string PlayerName = "Site manager, RNL (playing)";

    [Fact]
    public async Task TheDemoReplayedAtTenTimesMatchesTheSourceAtEveryPeriodSurvivesARestartAndIsDeletedToItsAuditTrail()
    {
        var folder = Directory.CreateTempSubdirectory("resiliencehub-replay-").FullName;
        var path = Path.Combine(folder, "resiliencehub.db");
        var start = new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var api = Start(path, start);
        try
        {
            var director = api.CreateClient();
            var sourceId = await director.IncidentIdAsync(ExerciseClient.DemoReference);
            var startsAt = start.UtcDateTime.AddMinutes(10);
            var payload = await director.StartReplayAsync(new
            {
                sourceIncidentId = sourceId, reference = "EX-2030-01-JDIA", title = "April 2016 strike replayed", speed = 10.0,
                startsAt = ExerciseClient.Format(startsAt), playedOrganisationIds = new[] { await director.OrganisationIdAsync(Played) },
            });
            Assert.Empty(payload["errors"]!.AsArray());
            var exercise = payload["incident"]!;
            var exerciseId = (string)exercise["id"]!;
            Assert.True((bool)exercise["exercise"]!);
            Assert.Equal(10.0, (double)exercise["replaySpeed"]!);
            Assert.Equal(sourceId, (string)exercise["replayOf"]!["id"]!);
            Assert.Equal("PLANNED", (string)exercise["status"]!);

            var sourcePeriods = (await director.QueryAsync("query($id: ID!) { incident(id: $id) { periods { startsAt dueAt localDate } } }", new { id = sourceId }))["incident"]!["periods"]!.AsArray();
            var periods = exercise["periods"]!.AsArray();
            Assert.Equal(20, periods.Count);
            // Periods in order, six minutes apart; the night between the days shrunk tenfold (15 hours to 90 minutes); the first opens at startsAt.
            Assert.Equal(startsAt, Instant(periods[0]!["opensAt"]!));
            Assert.Equal(TimeSpan.FromMinutes(6), Instant(periods[1]!["startsAt"]!) - Instant(periods[0]!["startsAt"]!));
            Assert.Equal(TimeSpan.FromMinutes(90), Instant(periods[10]!["startsAt"]!) - Instant(periods[9]!["startsAt"]!));
            Assert.Equal(TimeSpan.FromSeconds(90), Instant(periods[0]!["dueAt"]!) - Instant(periods[0]!["startsAt"]!));
            Assert.Equal(sourcePeriods.Select(p => (string)p!["localDate"]!), periods.Select(p => (string)p!["localDate"]!));

            // The reporter playing the acute trust sends what it sent in 2016, at the same scaled times as the injector would.
            var (source, compressed) = await ViewsAsync(path, sourceId, exerciseId);
            var plays = await PlayedVersionsAsync(path, source.Id, Played);
            var checkpoints = periods.Select((p, i) => (Exercise: Instant(p!["dueAt"]!), Source: Instant(sourcePeriods[i]!["dueAt"]!), Index: i)).ToList();
            var sitrepIds = new Dictionary<DateTime, string>();
            var restarted = false;
            while (true)
            {
                var injector = api.Services.GetRequiredService<ExerciseInjector>();
                var now = api.Time.GetUtcNow().UtcDateTime;
                var nextInjection = await injector.InjectDueAsync(TestContext.Current.CancellationToken);
                foreach (var play in plays.Where(p => ReplaySchedule.InjectionAt(source, compressed, p.PeriodStartsAt, p.Version, p.Late, p.SubmittedAt) == now))
                {
                    using var reporter = api.CreateClientAs(PlayerName, "REPORTER", Played);
                    await PlayAsync(reporter, exerciseId, await director.OrganisationIdAsync(Played), ReplaySchedule.PeriodOf(source, compressed, play.PeriodStartsAt).StartsAt, play, sitrepIds);
                }

                foreach (var checkpoint in checkpoints.Where(c => c.Exercise == now))
                {
                    var expected = await director.DashboardAsync(sourceId, checkpoint.Source);
                    var actual = await director.DashboardAsync(exerciseId, checkpoint.Exercise);
                    Assert.True((bool)actual["exercise"]!);
                    Assert.False((bool)expected["exercise"]!);
                    Assert.True(Comparable(expected) == Comparable(actual), $"Period {checkpoint.Index}: the source showed\n{Comparable(expected)}\nthe exercise\n{Comparable(actual)}");
                }

                if (!restarted && now >= checkpoints[10].Exercise)
                {
                    // Half-way, the API stops and starts again on the same database, its clock where it was.
                    director.Dispose();
                    await api.DisposeAsync();
                    api = Start(path, new DateTimeOffset(now));
                    director = api.CreateClient();
                    restarted = true;
                    continue;
                }

                var candidates = new[] { nextInjection }
                    .Concat(plays.Select(p => (DateTime?)ReplaySchedule.InjectionAt(source, compressed, p.PeriodStartsAt, p.Version, p.Late, p.SubmittedAt)))
                    .Concat(checkpoints.Select(c => (DateTime?)c.Exercise))
                    .Where(t => t > now).ToList();
                if (candidates.Count == 0)
                {
                    break;
                }

                api.Time.SetUtcNow(candidates.Min()!.Value);
            }

            Assert.True(restarted);
            await using (var db = Contexts.Sqlite(path))
            {
                var exerciseKey = Ids.Parse(exerciseId, NodeTypes.Incident)!.Value;
                var injectedKeys = await db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == exerciseKey && v.IdempotencyKey!.StartsWith("replay:"))
                    .Select(v => v.IdempotencyKey!).ToListAsync(TestContext.Current.CancellationToken);
                var played = await db.Organisations.Where(o => o.OdsCode == Played).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
                var sourceVersions = await db.SitrepVersions.CountAsync(v => v.Sitrep!.IncidentId == source.Id && v.OrganisationId != played, TestContext.Current.CancellationToken);
                // Every source version of every injected organisation, each once, across the restart.
                Assert.Equal(sourceVersions, injectedKeys.Count);
                Assert.Equal(injectedKeys.Count, injectedKeys.Distinct().Count());
                var playedVersions = await db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == exerciseKey && v.OrganisationId == played)
                    .Select(v => new { v.SubmittedBy, v.IdempotencyKey }).ToListAsync(TestContext.Current.CancellationToken);
                Assert.Equal(plays.Count, playedVersions.Count);
                Assert.All(playedVersions, v => Assert.Equal(PlayerName, v.SubmittedBy));
            }

            // Stood down, it is deleted by an admin, and of it only the audit trail remains.
            using var fresh = api.CreateClient();
            Assert.Empty((await fresh.StandDownAsync(exerciseId))["errors"]!.AsArray());
            int auditBefore;
            await using (var db = Contexts.Sqlite(path))
            {
                auditBefore = await db.AuditEntries.CountAsync(TestContext.Current.CancellationToken);
            }

            using var admin = api.CreateClient("ADMIN");
            var deleted = await admin.DeleteExerciseAsync(exerciseId);
            Assert.Empty(deleted["errors"]!.AsArray());
            Assert.True((bool)deleted["deleted"]!);
            await using (var db = Contexts.Sqlite(path))
            {
                var id = Ids.Parse(exerciseId, NodeTypes.Incident)!.Value;
                var ct = TestContext.Current.CancellationToken;
                Assert.False(await db.Incidents.AnyAsync(i => i.Id == id, ct));
                Assert.False(await db.IncidentWindows.AnyAsync(w => w.IncidentId == id, ct));
                Assert.False(await db.IncidentParticipants.AnyAsync(p => p.IncidentId == id, ct));
                Assert.False(await db.Sitreps.AnyAsync(s => s.IncidentId == id, ct));
                Assert.False(await db.SitrepVersions.AnyAsync(v => v.IdempotencyKey!.StartsWith($"replay:{id}:"), ct));
                Assert.False(await db.Notifications.AnyAsync(n => n.IncidentId == id, ct));
                Assert.False(await db.LogEntries.AnyAsync(e => e.IncidentId == id, ct));
                Assert.False(await db.IncidentActions.AnyAsync(a => a.IncidentId == id, ct));
                Assert.Equal(auditBefore + 1, await db.AuditEntries.CountAsync(ct));
                Assert.Contains("EX-2030-01-JDIA", (await db.AuditEntries.SingleAsync(a => a.Action == "DELETE_EXERCISE", ct)).Detail);
                // The source is untouched.
                Assert.Equal(149, await db.SitrepVersions.CountAsync(v => v.Sitrep!.IncidentId == source.Id, ct));
            }

            Assert.Null((await fresh.QueryAsync("query($id: ID!) { incident(id: $id) { id } }", new { id = exerciseId }))["incident"]);
        }
        finally
        {
            await api.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean; the test result stands.
            }
        }
    }

    /// <summary>The API on this database, its own injection loop off (as in every test) so that the test moves the clock and injects in step.</summary>
    private static ApiFactory Start(string path, DateTimeOffset now) => new(demo: true, now: now, databasePath: path);

    private static DateTime Instant(JsonNode node) => DateTime.Parse((string)node!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    // An alert's instant and the order of alerts at one instant follow the scaled clock; what they say does not.
    private static string Comparable(JsonNode dashboard)
    {
        var copy = JsonNode.Parse(dashboard.ToJsonString())!.AsObject();
        copy.Remove("exercise");
        var alerts = copy["alerts"]!.AsArray().Select(a => a!.ToJsonString()).Order(StringComparer.Ordinal).ToList();
        copy["alerts"] = new JsonArray([.. alerts.Select(a => JsonNode.Parse(a))]);
        return copy.ToJsonString();
    }

    private static async Task<(IncidentView Source, IncidentView Exercise)> ViewsAsync(string path, string sourceId, string exerciseId)
    {
        await using var db = Contexts.Sqlite(path);
        var ids = new[] { sourceId, exerciseId }.Select(i => Ids.Parse(i, NodeTypes.Incident)!.Value).ToList();
        var views = await IncidentQueries.ByIdsAsync(db, ids, TestContext.Current.CancellationToken);
        return (views[ids[0]], views[ids[1]]);
    }

    private sealed record PlayedVersion(DateTime PeriodStartsAt, int Version, bool Late, DateTime SubmittedAt, JsonObject Content, string? Reason);

    private static async Task<List<PlayedVersion>> PlayedVersionsAsync(string path, int sourceId, string odsCode)
    {
        await using var db = Contexts.Sqlite(path);
        var codes = await db.Measures.ToDictionaryAsync(m => m.Id, m => m.Code, TestContext.Current.CancellationToken);
        var organisationId = await db.Organisations.Where(o => o.OdsCode == odsCode).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
        var versions = await db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == sourceId && v.OrganisationId == organisationId)
            .Select(v => new
            {
                v.Sitrep!.PeriodStartsAt, v.Version, v.Sitrep.Late, v.SubmittedAt, v.OpelLevel, v.CriticalIncidentDeclared, v.KeyIssues, v.Mitigations,
                v.SupportRequested, v.AmendmentReason, Values = v.Values.Select(x => new { x.MeasureId, x.Value }).ToList(),
            })
            .ToListAsync(TestContext.Current.CancellationToken);
        return [.. versions.OrderBy(v => v.SubmittedAt).Select(v => new PlayedVersion(v.PeriodStartsAt, v.Version, v.Late, v.SubmittedAt, new JsonObject
        {
            ["opelLevel"] = v.OpelLevel,
            ["criticalIncidentDeclared"] = v.CriticalIncidentDeclared,
            ["measures"] = new JsonArray([.. v.Values.Select(x => (JsonNode)new JsonObject { ["code"] = codes[x.MeasureId], ["value"] = x.Value })]),
            ["keyIssues"] = v.KeyIssues,
            ["mitigations"] = v.Mitigations,
            ["supportRequested"] = v.SupportRequested,
        }, v.AmendmentReason))];
    }

    private static async Task PlayAsync(HttpClient reporter, string exerciseId, string organisationId, DateTime periodStartsAt, PlayedVersion play, Dictionary<DateTime, string> sitrepIds)
    {
        var input = JsonNode.Parse(play.Content.ToJsonString())!.AsObject();
        JsonNode result;
        if (play.Version == 1)
        {
            input["incidentId"] = exerciseId;
            input["organisationId"] = organisationId;
            input["periodStartsAt"] = ExerciseClient.Format(periodStartsAt);
            result = (await reporter.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code message } } }", new { i = input }))["submitSitrep"]!;
        }
        else
        {
            input["sitrepId"] = sitrepIds[periodStartsAt];
            input["expectedVersion"] = play.Version - 1;
            input["reason"] = play.Reason;
            result = (await reporter.QueryAsync("mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id } errors { code message } } }", new { i = input }))["amendSitrep"]!;
        }

        Assert.True(result["errors"]!.AsArray().Count == 0, result.ToJsonString());
        sitrepIds[periodStartsAt] = (string)result["sitrep"]!["id"]!;
    }
}
