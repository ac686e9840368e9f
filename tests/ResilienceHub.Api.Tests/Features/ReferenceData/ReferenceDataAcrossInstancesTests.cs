using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Data.Seeding;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;
using static ResilienceHub.Api.Tests.Features.ReferenceData.ReferenceDataClient;

namespace ResilienceHub.Api.Tests.Features.ReferenceData;

/// <summary>
/// Two instances of the API on one database, alone or with a real redis-server between them: a change of reference
/// data made on one is used by the other's next validation, and the seeds, applied again as an instance starts, never
/// undo it.
/// </summary>
public sealed class ReferenceDataAcrossInstancesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutRedisACatalogueChangeOnOneInstanceIsUsedByTheOthersVeryNextValidation()
    {
        await using var a = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 7, 5, 0, TimeSpan.Zero));
        await using var b = new ApiFactory(now: a.Api.Time.GetUtcNow(), databasePath: a.Api.DatabasePath);
        using var adminOfA = Admin(a.Api, "*");
        using var directorOfB = b.CreateClient();
        // B has read the catalogue, and keeps its copy for a minute that, on these stopped clocks, never passes.
        var probe = a.AcuteReturn(Scenario.FirstPeriod);
        probe["opelLevel"] = 9;
        Assert.Equal(["OPEL_LEVEL_OUT_OF_RANGE"], await CodesAsync(directorOfB, probe));

        // A retires a measure and makes another required; nothing travels from A to B but the database.
        var retire = await adminOfA.MeasureInputAsync("CONSULTANTS_COVERING", "No longer collected");
        retire["retired"] = true;
        await adminOfA.SavedAsync(SaveMeasure, retire);
        var discharges = await adminOfA.MeasureInputAsync("DELAYED_DISCHARGES", "Acute trusts report delayed discharges from today");
        discharges["requiredFor"] = new[] { "ACUTE_TRUST", "COMMUNITY_TRUST" };
        await adminOfA.SavedAsync(SaveMeasure, discharges);

        Assert.Equal(["MEASURE_RETIRED", "REQUIRED_MEASURE_MISSING"], (await CodesAsync(directorOfB, a.AcuteReturn(Scenario.FirstPeriod))).Order());
        var valid = a.AcuteReturn(Scenario.FirstPeriod);
        valid["measures"] = new JsonArray([
            .. valid["measures"]!.AsArray().Where(m => (string?)m!["code"] != "CONSULTANTS_COVERING").Select(m => m!.DeepClone()),
            new JsonObject { ["code"] = "DELAYED_DISCHARGES", ["value"] = 17 }]);
        Assert.Empty(await CodesAsync(directorOfB, valid));
    }

    [Fact]
    public async Task WithRedisACatalogueChangeOnOneInstanceIsReadOnTheOtherWithinMomentsNotAfterItsMinute()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 7, 5, 0, TimeSpan.Zero), configure: api => api.With("ConnectionStrings:Redis", redis.ConnectionString));
        await using var b = new ApiFactory(now: a.Api.Time.GetUtcNow(), databasePath: a.Api.DatabasePath).With("ConnectionStrings:Redis", redis.ConnectionString);
        using var adminOfA = Admin(a.Api, "*");
        using var directorOfB = b.CreateClient();
        // B has read the catalogue, and keeps its copy for a minute that, on these stopped clocks, never passes.
        Assert.False(await RetiredAsync(directorOfB, "CONSULTANTS_COVERING"));

        var retire = await adminOfA.MeasureInputAsync("CONSULTANTS_COVERING", "No longer collected");
        retire["retired"] = true;
        await adminOfA.SavedAsync(SaveMeasure, retire);
        var clock = Stopwatch.StartNew();
        while (await RetiredAsync(directorOfB, "CONSULTANTS_COVERING") != true)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "B should hear of the change through Redis within moments, not read its old copy");
            await Task.Delay(10, Cancel);
        }

        TestContext.Current.SendDiagnosticMessage($"B read A's revision {clock.Elapsed.TotalMilliseconds:F0} ms after A's save returned");
        Assert.Equal(a.Api.Time.GetUtcNow(), b.Time.GetUtcNow());
        Assert.Equal(["MEASURE_RETIRED"], await CodesAsync(directorOfB, a.AcuteReturn(Scenario.FirstPeriod)));

        // And the other way round: a measure B's admin adds is listed by A within moments.
        using var adminOfB = Admin(b, "*");
        var corridor = Measure();
        corridor["requiredFor"] = new[] { "ACUTE_TRUST" };
        await adminOfB.SavedAsync(SaveMeasure, corridor);
        clock.Restart();
        while (await RetiredAsync(a.Client, "CORRIDOR_CARE_PATIENTS") is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "A should hear of B's change through Redis within moments");
            await Task.Delay(10, Cancel);
        }

        var with = a.AcuteReturn(Scenario.FirstPeriod);
        with["measures"] = new JsonArray([
            .. with["measures"]!.AsArray().Where(m => (string?)m!["code"] != "CONSULTANTS_COVERING").Select(m => m!.DeepClone()),
            new JsonObject { ["code"] = "CORRIDOR_CARE_PATIENTS", ["value"] = 4 }]);
        Assert.Empty(await CodesAsync(a.Client, with));
    }

    /// <summary>Whether the instance's catalogue lists the measure as retired; null when it does not list it.</summary>
    private static async Task<bool?> RetiredAsync(HttpClient client, string code) =>
        (bool?)(await client.QueryAsync("{ measures { code retired } }"))["measures"]!.AsArray().SingleOrDefault(m => (string?)m!["code"] == code)?["retired"];

    [Fact]
    public async Task TheSeedsAppliedAgainAtAnotherInstancesStartAndByTheSeedCommandNeverUndoAChangeMadeThroughTheApi()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Scenario.StartAsync(configure: api => api.With("ConnectionStrings:Redis", redis.ConnectionString));
        using var admin = Admin(a.Api, "*");
        var members = a.Organisations.Where(o => o.Key != "LOCAL-CCC-ASC").Select(o => o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        await admin.SavedAsync(SaveOrganisation, new() { ["odsCode"] = "RNN", ["name"] = "Cumbria Partnership NHS FT", ["type"] = "COMMUNITY_TRUST", ["reason"] = "The name the trust uses" });
        await admin.SavedAsync(SaveGroup, Group("NCSRG", "North Cumbria System Resilience Group", members));
        var thresholds = await admin.MeasureInputAsync("ED_PATIENTS_OVER_4H", "Raised for the winter");
        (thresholds["warningAbove"], thresholds["criticalAbove"]) = (20, 40);
        await admin.SavedAsync(SaveMeasure, thresholds);

        // The seed files of the next release change what the admin changed, and two things nobody has.
        var seeds = CopySeeds();
        Rewrite(Path.Combine(seeds, "organisations.json"), d =>
        {
            Entry(d["organisations"]!, "odsCode", "RNN")["name"] = "Cumbria Partnership NHS Foundation Trust (renamed in the files)";
            Entry(d["organisations"]!, "odsCode", "RX7")["name"] = "North West Ambulance Service NHS Trust (Cumbria)";
        });
        Rewrite(Path.Combine(seeds, "measures.json"), d =>
        {
            Entry(d["measures"]!, "code", "ED_PATIENTS_OVER_4H")["name"] = "Patients in A&E over 4 hours now";
            Entry(d["measures"]!, "code", "GA_BEDS_OPEN")["name"] = "G&A beds open now";
        });

        // Another instance starts on the database (and applies the seeds), and the seed command runs there again.
        await using var b = new ApiFactory(now: a.Api.Time.GetUtcNow(), databasePath: a.Api.DatabasePath)
            .With("ConnectionStrings:Redis", redis.ConnectionString).With("Seed:Path", seeds).CaptureLogs();
        _ = b.Services;
        await using (var scope = b.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseSeeder>().SeedAsync(Cancel);
        }

        await using var db = Contexts.Sqlite(a.Api.DatabasePath);
        var organisations = await db.Organisations.ToDictionaryAsync(o => o.OdsCode, Cancel);
        Assert.Equal(("Cumbria Partnership NHS FT", "Admin of *", false), (organisations["RNN"].Name, organisations["RNN"].ChangedBy, organisations["RNN"].ChangedBySeeds));
        Assert.Equal(("North West Ambulance Service NHS Trust (Cumbria)", "Seed data", true), (organisations["RX7"].Name, organisations["RX7"].ChangedBy, organisations["RX7"].ChangedBySeeds));
        var group = await db.ResilienceGroups.Include(g => g.Members).SingleAsync(Cancel);
        Assert.DoesNotContain(group.Members, m => m.OrganisationId == a.NonParticipant);
        var codes = await db.Measures.Where(m => m.Code == "ED_PATIENTS_OVER_4H" || m.Code == "GA_BEDS_OPEN").ToDictionaryAsync(m => m.Id, m => m.Code, Cancel);
        var revisions = await db.MeasureRevisions.Where(r => codes.Keys.Contains(r.MeasureId)).OrderBy(r => r.MeasureId).ThenBy(r => r.Revision).ToListAsync(Cancel);
        Assert.Equal([
            ("ED_PATIENTS_OVER_4H", 1, "Seed data", 15),
            ("ED_PATIENTS_OVER_4H", 2, "Admin of *", 20),
            ("GA_BEDS_OPEN", 1, "Seed data", 0),
            ("GA_BEDS_OPEN", 2, "Seed data", 0),
        ], revisions.Select(r => (codes[r.MeasureId], r.Revision, r.ChangedBy, r.WarningAbove ?? 0)));
        Assert.Equal("G&A beds open now", revisions[^1].Name);
        Assert.Equal("Seed file measures.json", revisions[^1].Reason);
        Assert.Equal("Patients in A&E for more than 4 hours now", revisions[1].Name);

        // One line for each entry left alone, each time the seeds were applied (at B's start, then by the command).
        var leftAlone = b.Logs!.Collector.GetSnapshot().Where(e => e.Message.StartsWith("Seed entry", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(6, leftAlone.Count);
        Assert.Equal(2, leftAlone.Count(m => m.Contains("RNN of organisations.json", StringComparison.Ordinal) && m.Contains("Admin of * has changed it through the API", StringComparison.Ordinal)));
        Assert.Equal(2, leftAlone.Count(m => m.Contains("NCSRG of groups.json", StringComparison.Ordinal)));
        Assert.Equal(2, leftAlone.Count(m => m.Contains("ED_PATIENTS_OVER_4H of measures.json", StringComparison.Ordinal)));

        // The instance that was already running reads the seeds' changes at once, through Redis.
        Assert.True(await Eventually.FindAsync(async () =>
            (string?)(await a.Client.QueryAsync("{ organisation(odsCode: \"RX7\") { name } }"))["organisation"]!["name"] == "North West Ambulance Service NHS Trust (Cumbria)", TimeSpan.FromSeconds(5)));
    }

    private static async Task<List<string>> CodesAsync(HttpClient client, JsonObject input) =>
        [.. (await client.QueryAsync(Submit, new { input }))["submitSitrep"]!["errors"]!.AsArray().Select(e => (string)e!["code"]!)];

    private static JsonNode Entry(JsonNode list, string key, string value) => list.AsArray().Single(e => (string?)e![key] == value)!;

    private static void Rewrite(string path, Action<JsonNode> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        change(document);
        File.WriteAllText(path, document.ToJsonString());
    }

    private static string CopySeeds()
    {
        var target = Directory.CreateTempSubdirectory("resiliencehub-seeds-").FullName;
        var source = Path.Combine(AppContext.BaseDirectory, "seeds");
        foreach (var file in Directory.GetFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
