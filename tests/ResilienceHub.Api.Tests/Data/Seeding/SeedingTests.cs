using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Data.Seeding;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Data.Seeding;

public class SeedingTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartUpSeedsTheGroupTheCatalogueAndTheDemoIncident()
    {
        await using var api = new ApiFactory(demo: true);
        _ = api.Services;
        await using var db = Contexts.Sqlite(api.DatabasePath);

        var group = await db.ResilienceGroups.Include(g => g.Members).SingleAsync(g => g.Code == "NCSRG", Cancel);
        var organisations = await db.Organisations.CountAsync(Cancel);
        Assert.Equal(organisations, group.Members.Count);
        Assert.Contains(await db.Measures.Select(m => m.Code).ToListAsync(Cancel), code => code == "ELECTIVE_OPS_POSTPONED");

        Assert.Equal("NCSRG-2016-04-JDIA", (await db.Incidents.SingleAsync(Cancel)).Reference);
        var returnsPerOrganisation = await db.Sitreps.GroupBy(s => s.OrganisationId).Select(g => g.Count()).ToListAsync(Cancel);
        Assert.Equal(organisations, returnsPerOrganisation.Count);
        Assert.All(returnsPerOrganisation, count => Assert.Equal(20, count));
    }

    [Fact]
    public async Task WithoutTheDemoNoIncidentIsSeeded()
    {
        await using var api = new ApiFactory(demo: false);
        _ = api.Services;
        await using var db = Contexts.Sqlite(api.DatabasePath);

        Assert.True(await db.Organisations.AnyAsync(Cancel));
        Assert.False(await db.Incidents.AnyAsync(Cancel));
    }

    [Fact]
    public async Task SeedingTwiceChangesNothing()
    {
        await using var api = new ApiFactory(demo: true);
        _ = api.Services;
        var before = await DumpAsync(api.DatabasePath);

        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseSeeder>().SeedAsync(Cancel);
        }

        Assert.Equal(before, await DumpAsync(api.DatabasePath));
    }

    [Fact]
    public void AMalformedSeedFileStopsStartUpNamingTheFileAndTheEntry()
    {
        var seeds = CopySeeds();
        var path = Path.Combine(seeds, "measures.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        var entry = document["measures"]![3]!;
        var code = (string)entry["code"]!;
        entry["kind"] = "SOMETIMES";
        File.WriteAllText(path, document.ToJsonString());

        using var api = new ApiFactory().With("Seed:Path", seeds);
        var error = Assert.Throws<SeedDataException>(() => api.Services);

        Assert.Contains($"seeds/measures.json: measures[3] ({code}): kind 'SOMETIMES'", error.Message, StringComparison.Ordinal);
        // The files are checked as a whole before anything is written.
        using var db = Contexts.Sqlite(api.DatabasePath);
        Assert.Equal(0, db.Organisations.Count());
        Assert.Equal(0, db.Measures.Count());
    }

    [Fact]
    public void AReturnThatBreaksTheCatalogueStopsStartUp()
    {
        var seeds = CopySeeds();
        var path = Path.Combine(seeds, "demo", "junior-doctors-strike-2016.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        var entry = document["returns"]![0]!;
        entry["measures"]!["ELECTIVE_OPS_POSTPONED"] = 100_000;
        File.WriteAllText(path, document.ToJsonString());

        using var api = new ApiFactory(demo: true).With("Seed:Path", seeds);
        var error = Assert.Throws<SeedDataException>(() => api.Services);

        Assert.Contains("seeds/demo/junior-doctors-strike-2016.json: returns[0] (RNL", error.Message, StringComparison.Ordinal);
        Assert.Contains("ELECTIVE_OPS_POSTPONED", error.Message, StringComparison.Ordinal);
        using var db = Contexts.Sqlite(api.DatabasePath);
        Assert.Equal(0, db.Incidents.Count());
        Assert.Equal(0, db.Sitreps.Count());
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

    /// <summary>Every row of every table, in a stable order, as text.</summary>
    private static async Task<string> DumpAsync(string databasePath)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync(Cancel);
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            dump.AppendLine(table);
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.GetValue(i)).Append('|');
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }
}
