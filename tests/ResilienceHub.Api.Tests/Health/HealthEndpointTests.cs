using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Health;

public class HealthEndpointTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LivenessAnswersOkWithoutRunningAnyCheck()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();

        var response = await client.GetAsync("/health/live", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(body.RootElement.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task ReadinessIsHealthyOnAMigratedDatabaseAndNamesEachCheckWithItsStatusAndDuration()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();

        var response = await client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["database", "incidents", "notifications"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("No notification channel is configured: nothing is sent.", checks[2].GetProperty("description").GetString());
        Assert.All(checks, check =>
        {
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.True(TimeSpan.TryParse(check.GetProperty("duration").GetString(), out _));
        });
    }

    [Fact]
    public async Task ReadinessTurnsUnhealthyWhenTheDatabaseFileIsCorruptAndHealthyAgainWhenItIsRestored()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);
        var aside = Directory.CreateTempSubdirectory("resiliencehub-aside-").FullName;

        try
        {
            // Pooled connections keep the old file open, so they are closed before and after the swap.
            SqliteConnection.ClearAllPools();
            MoveDatabase(api.DatabasePath, aside);
            await File.WriteAllTextAsync(api.DatabasePath, "this is not a SQLite database, nor a connection string", Cancellation);

            var broken = await client.GetAsync("/health/ready", Cancellation);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
            var text = await broken.Content.ReadAsStringAsync(Cancellation);
            using var body = JsonDocument.Parse(text);
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
            var check = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
            Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
            // Neither where the database is nor what the driver said goes out.
            Assert.DoesNotContain(Path.GetFileName(api.DatabasePath), text, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(["name", "status", "duration"], check.EnumerateObject().Select(p => p.Name));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in DatabaseFiles(api.DatabasePath).ToList())
            {
                File.Delete(file);
            }

            MoveDatabase(Path.Combine(aside, Path.GetFileName(api.DatabasePath)), Path.GetDirectoryName(api.DatabasePath)!);
            Directory.Delete(aside, recursive: true);
        }

        var restored = await client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task ReadinessIsUnhealthyWhenTheDatabasePathIsADirectory()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in DatabaseFiles(api.DatabasePath))
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(api.DatabasePath);

        var response = await client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));

    /// <summary>The database file with its WAL companions, where they exist.</summary>
    private static IEnumerable<string> DatabaseFiles(string path) =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists);

    private static void MoveDatabase(string path, string toDirectory)
    {
        foreach (var file in DatabaseFiles(path).ToList())
        {
            File.Move(file, Path.Combine(toDirectory, Path.GetFileName(file)), overwrite: true);
        }
    }
}
