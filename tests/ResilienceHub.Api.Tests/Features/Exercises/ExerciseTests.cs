using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Exercises;

public sealed class ExerciseTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnExerciseSaysSoOnTheIncidentTheDashboardAndTheFirstLineOfEveryDownloadAndIsListedApart()
    {
        await using var api = new ApiFactory(demo: true, now: Now);
        using var director = api.CreateClient();
        var declared = await director.DeclareStrikeAsync(input =>
        {
            input["reference"] = "EX-TABLETOP";
            input["exercise"] = true;
            input["windows"] = new List<Dictionary<string, object?>> { IncidentMutationsClient.Window("2030-01-11", "08:00", "17:00") };
        });
        var id = (string)declared["id"]!;

        var data = await director.QueryAsync("""
            query($id: ID!) {
              incident(id: $id) { exercise replayOf { id } replaySpeed dashboard { exercise } }
              exercises: incidents(exercise: true) { reference exercise }
              live: incidents(exercise: false) { reference exercise }
              both: incidents { reference }
            }
            """, new { id });
        Assert.True((bool)data["incident"]!["exercise"]!);
        Assert.Null(data["incident"]!["replayOf"]);
        Assert.Null(data["incident"]!["replaySpeed"]);
        Assert.True((bool)data["incident"]!["dashboard"]!["exercise"]!);
        Assert.Equal(["EX-TABLETOP"], data["exercises"]!.AsArray().Select(i => (string)i!["reference"]!));
        Assert.Equal([ExerciseClient.DemoReference], data["live"]!.AsArray().Select(i => (string)i!["reference"]!));
        Assert.Equal(2, data["both"]!.AsArray().Count);

        foreach (var path in new[] { $"/incidents/{id}/sitreps.csv", $"/incidents/{id}/sitreps.csv?versions=all", $"/incidents/{id}/log.csv" })
        {
            var rows = Csv.Parse(await director.GetStringAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal([ExerciseMarks.Codeword], rows[0]);
            // The header follows, as in a live incident's file.
            Assert.True(rows.Count >= 2 && rows[1].Count > 1, path);
        }

        // A live incident's downloads begin with their header, as ever.
        var demoId = await director.IncidentIdAsync(ExerciseClient.DemoReference);
        var live = Csv.Parse(await director.GetStringAsync($"/incidents/{demoId}/sitreps.csv", TestContext.Current.CancellationToken));
        Assert.Equal("incident", live[0][0]);
        Assert.DoesNotContain(live, row => row.Contains("EX-TABLETOP"));
        Assert.Equal(live.Count, Csv.Parse(await director.GetStringAsync($"/incidents/{demoId}/sitreps.csv", TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task StartingAReplayRefusesEveryBadInputWithItsCodeAndFieldAndStoresNothing()
    {
        await using var api = new ApiFactory(demo: true, now: Now);
        using var director = api.CreateClient();
        var demoId = await director.IncidentIdAsync(ExerciseClient.DemoReference);
        var fiveMinutely = (string)(await director.DeclareStrikeAsync(input =>
        {
            input["reference"] = "LIVE-FIVE-MINUTELY";
            input["cadenceMinutes"] = 5;
            input["graceMinutes"] = 2;
            input["windows"] = new List<Dictionary<string, object?>> { IncidentMutationsClient.Window("2030-01-11", "08:00", "09:00") };
        }))["id"]!;
        object Input(string reference, double speed = 10, string? source = null, string? startsAt = null, string[]? played = null) =>
            new { sourceIncidentId = source ?? demoId, reference, title = "Replay", speed, startsAt, playedOrganisationIds = played };
        int Incidents()
        {
            using var db = Contexts.Sqlite(api.DatabasePath);
            return db.Incidents.Count();
        }

        var before = Incidents();
        Assert.Equal(["SPEED_OUT_OF_RANGE speed"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-SLOW", speed: 0.5))));
        Assert.Equal(["SPEED_OUT_OF_RANGE speed"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-FAST", speed: 61))));
        Assert.Equal(["PERIOD_TOO_SHORT speed"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-SHORT", speed: 6, source: fiveMinutely))));
        Assert.Equal(["STARTS_IN_THE_PAST startsAt"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-PAST", startsAt: "2030-01-10T08:59:00Z"))));
        Assert.Equal(["INCIDENT_NOT_FOUND sourceIncidentId"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-NONE", source: "999999"))));
        Assert.Equal(["ORGANISATION_NOT_FOUND playedOrganisationIds.0"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-NOBODY", played: ["999999"]))));
        // Every problem at once.
        Assert.Equal(["SPEED_OUT_OF_RANGE speed", "STARTS_IN_THE_PAST startsAt", "REFERENCE_TAKEN reference"],
            ExerciseClient.Codes(await director.StartReplayAsync(Input(ExerciseClient.DemoReference, speed: 100, startsAt: "2016-04-26T07:00:00Z"))));

        // Another group's incident answers as one that does not exist.
        using var otherGroup = ApiFactory.WithToken(api.CreateClient(), ApiFactory.Token("Director elsewhere", [Roles.Director], [], ["ELSEWHERE"]));
        Assert.Equal(["INCIDENT_NOT_FOUND sourceIncidentId"], ExerciseClient.Codes(await otherGroup.StartReplayAsync(Input("EX-ELSEWHERE"))));
        Assert.Equal(before, Incidents());

        // One level: a replay of the demo is fine, a replay of that replay is not.
        var first = await director.StartReplayAsync(Input("EX-FIRST"));
        Assert.Empty(first["errors"]!.AsArray());
        Assert.Equal(["REPLAY_OF_A_REPLAY sourceIncidentId"], ExerciseClient.Codes(await director.StartReplayAsync(Input("EX-SECOND", source: (string)first["incident"]!["id"]!))));
        // Replaying a declared exercise (itself no replay) is one level too, and allowed.
        var tabletop = (string)(await director.DeclareStrikeAsync(input => { input["reference"] = "EX-TABLETOP"; input["exercise"] = true; }))["id"]!;
        Assert.Empty((await director.StartReplayAsync(Input("EX-OF-TABLETOP", source: tabletop)))["errors"]!.AsArray());
        Assert.Equal(before + 3, Incidents());

        // Reporters and viewers cannot start one.
        using var viewer = api.CreateClient("VIEWER");
        var refused = await viewer.PostGraphQLAsync("mutation($i: StartReplayExerciseInput!) { startReplayExercise(input: $i) { errors { code } } }", new { i = Input("EX-VIEWER") });
        Assert.Contains("AUTH_NOT_AUTHORIZED", refused.ErrorCodes);
    }

    [Fact]
    public async Task ALiveIncidentIsNeverDeletedByAnyPathNorARunningExerciseAndEachAttemptStoresNothing()
    {
        await using var api = new ApiFactory(demo: true, now: Now);
        using var director = api.CreateClient();
        using var admin = api.CreateClient("ADMIN");
        var demoId = await director.IncidentIdAsync(ExerciseClient.DemoReference);
        var demoKey = Api.GraphQL.Ids.Parse(demoId, Api.GraphQL.NodeTypes.Incident)!.Value;
        var liveDeclared = (string)(await director.DeclareStrikeAsync(input => input["reference"] = "LIVE-STANDING"))["id"]!;
        var running = (string)(await director.StartReplayAsync(new { sourceIncidentId = demoId, reference = "EX-RUNNING", title = "Replay", speed = 10.0 }))["incident"]!["id"]!;
        int Rows()
        {
            using var db = Contexts.Sqlite(api.DatabasePath);
            return db.Incidents.Count() + db.Sitreps.Count() + db.SitrepVersions.Count() + db.IncidentWindows.Count() + db.IncidentParticipants.Count();
        }

        var rows = Rows();
        // By global id, by the number alone, a stood-down live incident and a standing one, with and without a reason.
        foreach (var id in new[] { demoId, demoKey.ToString(System.Globalization.CultureInfo.InvariantCulture), liveDeclared })
        {
            Assert.Equal(["NOT_AN_EXERCISE incidentId"], ExerciseClient.Codes(await admin.DeleteExerciseAsync(id)));
        }

        Assert.Equal(["REASON_REQUIRED reason", "NOT_AN_EXERCISE incidentId"], ExerciseClient.Codes(await admin.DeleteExerciseAsync(demoId, " ")));
        Assert.Equal(["EXERCISE_RUNNING incidentId"], ExerciseClient.Codes(await admin.DeleteExerciseAsync(running)));
        Assert.Equal(["INCIDENT_NOT_FOUND incidentId"], ExerciseClient.Codes(await admin.DeleteExerciseAsync("999999")));

        // Only an admin, and only of the incident's group.
        var byDirector = await director.PostGraphQLAsync("mutation($id: ID!) { deleteExercise(incidentId: $id, reason: \"tidy\") { deleted } }", new { id = demoId });
        Assert.Contains("AUTH_NOT_AUTHORIZED", byDirector.ErrorCodes);
        using var adminElsewhere = ApiFactory.WithToken(api.CreateClient(), ApiFactory.Token("Admin elsewhere", [Roles.Admin], [], ["ELSEWHERE"]));
        Assert.Equal(["INCIDENT_NOT_FOUND incidentId"], ExerciseClient.Codes(await adminElsewhere.DeleteExerciseAsync(demoId)));

        // Below the API too: the deletion itself refuses a live incident.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var deletions = scope.ServiceProvider.GetRequiredService<ExerciseDeletions>();
            var actor = new Actor("Test admin", [Roles.Admin], [], null, "admin", [Actor.EveryGroup]);
            var result = await deletions.DeleteAsync(demoId, "Tidying up", actor, TestContext.Current.CancellationToken);
            Assert.False(result.Deleted);
            Assert.Equal("NOT_AN_EXERCISE", Assert.Single(result.Errors).Code);
        }

        Assert.Equal(rows, Rows());
        await using var check = Contexts.Sqlite(api.DatabasePath);
        Assert.Equal(149, await check.SitrepVersions.CountAsync(v => v.Sitrep!.IncidentId == demoKey, TestContext.Current.CancellationToken));
        Assert.False(await check.AuditEntries.AnyAsync(a => a.Action == "DELETE_EXERCISE" && a.Outcome == "ACCEPTED", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheBackgroundInjectorSendsTheSourcesReturnsAsTheClockReachesThemAndStopsAtStandDown()
    {
        await using var api = new ApiFactory(demo: true, now: Now).With("Exercises:Inject", "true").With("Exercises:PollInterval", "00:00:00.100");
        using var director = api.CreateClient();
        var demoId = await director.IncidentIdAsync(ExerciseClient.DemoReference);
        var exercise = (await director.StartReplayAsync(new { sourceIncidentId = demoId, reference = "EX-LIVE-LOOP", title = "Replay", speed = 60.0 }))["incident"]!;
        var exerciseKey = Api.GraphQL.Ids.Parse((string)exercise["id"]!, Api.GraphQL.NodeTypes.Incident)!.Value;
        var firstPeriod = DateTime.Parse((string)exercise["periods"]![0]!["startsAt"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        int Injected(bool firstPeriodOnly = false)
        {
            using var db = Contexts.Sqlite(api.DatabasePath);
            return db.Sitreps.Count(s => s.IncidentId == exerciseKey && (!firstPeriodOnly || s.PeriodStartsAt == firstPeriod));
        }

        Assert.Equal(0, Injected());
        // At sixty times, three minutes of the clock are three hours of the source's: every 08:00 return of 2016 has come.
        api.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await Eventually.FindAsync(() => Task.FromResult(Injected(firstPeriodOnly: true) == 7), TimeSpan.FromSeconds(30)), $"{Injected(true)} returns injected");
        var sentBy = await director.QueryAsync("query($id: ID!) { incident(id: $id) { sitreps(first: 1) { edges { node { submittedBy onBehalfOf } } } } }", new { id = (string)exercise["id"]! });
        Assert.StartsWith(ExerciseInjector.InjectorName, (string)sentBy["incident"]!["sitreps"]!["edges"]![0]!["node"]!["submittedBy"]!);

        Assert.Empty((await director.StandDownAsync((string)exercise["id"]!))["errors"]!.AsArray());
        // An injection already under way when the stand-down landed may still finish; none starts after.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var atStandDown = Injected();
        api.Time.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(atStandDown, Injected());
    }
}
