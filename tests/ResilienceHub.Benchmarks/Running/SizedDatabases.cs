using System.Globalization;
using ResilienceHub.Benchmarks.Data;

namespace ResilienceHub.Benchmarks.Running;

/// <summary>The sizes of the growth table: history at 300 organisations, then organisations at 14 days.</summary>
internal static class GrowthSizes
{
    public static readonly IReadOnlyList<(int Days, int Organisations)> All = [(1, 300), (7, 300), (14, 300), (14, 30), (14, 100)];
}

/// <summary>
/// A database per size: the API's <c>seed</c> command runs once (migrations, catalogue, demo incident) into a template,
/// and each size starts from a copy of it with its own national incident, served by its own API process.
/// </summary>
internal sealed class SizedDatabases(string apiDll, string workDirectory, int openDays, int seed)
{
    /// <summary>A SQLite database's files: the database, its write-ahead log and the log's index.</summary>
    private static readonly string[] Files = ["", "-wal", "-shm"];

    private string? _template;

    public async Task<SizedRun> StartAsync(int days, int organisations, CancellationToken cancellationToken)
    {
        var template = await TemplateAsync(cancellationToken);
        var name = $"national-{days.ToString(CultureInfo.InvariantCulture)}d-{organisations.ToString(CultureInfo.InvariantCulture)}o";
        var database = Path.Combine(workDirectory, name + ".db");
        Delete(database);
        foreach (var suffix in Files.Where(suffix => File.Exists(template + suffix)))
        {
            File.Copy(template + suffix, database + suffix);
        }

        Console.WriteLine($"Generating the national incident ({organisations} organisations, {days} day(s) and {openDays} open, seed {seed}) in {database}…");
        var national = await new NationalIncidentGenerator(database, organisations, days, openDays, seed).GenerateAsync(cancellationToken);
        var counts = national.Counts;
        var megabytes = new FileInfo(database).Length / 1048576.0;
        var dataLine = $"{organisations} organisations, {days} day(s) × 24 hourly periods (and {openDays} open days after them): {counts.Returns:N0} returns " +
            $"({counts.Late:N0} late, {counts.Amended:N0} amended, {counts.Missing:N0} missing), {counts.Versions:N0} versions, {counts.Values:N0} measure values; " +
            $"generated in {national.Elapsed.TotalSeconds:F1} s, database {megabytes:F0} MB";
        Console.WriteLine(dataLine);

        Console.WriteLine("Starting the API…");
        var api = await ApiServer.StartAsync(apiDll, database, Path.Combine(workDirectory, $"api-{name}.log"), cancellationToken);
        return new SizedRun(api, national, dataLine, megabytes);
    }

    private async Task<string> TemplateAsync(CancellationToken cancellationToken)
    {
        if (_template is null)
        {
            var template = Path.Combine(workDirectory, "seeded.db");
            Delete(template);
            Console.WriteLine("Seeding a database (the API's seed command: migrations, catalogue, demo incident)…");
            await ApiServer.RunCommandAsync(apiDll, "seed", template, cancellationToken);
            _template = template;
        }

        return _template;
    }

    private static void Delete(string database)
    {
        foreach (var suffix in Files)
        {
            File.Delete(database + suffix);
        }
    }
}

/// <summary>One size's API on its own database; disposing it stops the API.</summary>
internal sealed record SizedRun(ApiServer Api, NationalIncident National, string DataLine, double DatabaseMegabytes) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
