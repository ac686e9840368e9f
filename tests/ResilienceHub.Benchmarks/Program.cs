using System.Diagnostics;
using ResilienceHub.Benchmarks;
using ResilienceHub.Benchmarks.Data;
using ResilienceHub.Benchmarks.Running;

// Issue 8's harness: generate the national incident, start the API's Release build on it, drive it with wrk, print the table.
var options = BenchOptions.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var cancellationToken = cancellation.Token;
var total = Stopwatch.StartNew();

var repository = RepositoryRoot();
var work = Directory.CreateDirectory(options.WorkDirectory ?? Path.Combine(repository, "artifacts", "benchmarks")).FullName;
await Wrk.EnsureInstalledAsync(cancellationToken);

Console.WriteLine("Building the API (Release)…");
var apiProject = Path.Combine(repository, "src", "ResilienceHub.Api", "ResilienceHub.Api.csproj");
await ProcessRunner.RunAsync("dotnet", ["build", apiProject, "-c", "Release", "--nologo", "-v", "q"], repository, cancellationToken);
var apiDll = Path.Combine(repository, "src", "ResilienceHub.Api", "bin", "Release", "net10.0", "ResilienceHub.Api.dll");

var database = Path.Combine(work, $"national-{options.Days}d-{options.Organisations}o.db");
foreach (var file in new[] { database, database + "-wal", database + "-shm" })
{
    File.Delete(file);
}

Console.WriteLine($"Generating the national incident ({options.Organisations} organisations, {options.Days} day(s), seed {options.Seed}) in {database}…");
await ApiServer.RunCommandAsync(apiDll, "seed", database, cancellationToken);
var national = await new NationalIncidentGenerator(database, options.Organisations, options.Days, options.Seed).GenerateAsync(cancellationToken);
var counts = national.Counts;
var dataLine = $"{options.Organisations} organisations, {options.Days} day(s) × 24 hourly periods: {counts.Returns:N0} returns " +
    $"({counts.Late:N0} late, {counts.Amended:N0} amended, {counts.Missing:N0} missing), {counts.Versions:N0} versions, {counts.Values:N0} measure values; " +
    $"generated in {national.Elapsed.TotalSeconds:F1} s, database {new FileInfo(database).Length / 1048576.0:F0} MB";
Console.WriteLine(dataLine);

Console.WriteLine("Starting the API…");
await using var api = await ApiServer.StartAsync(apiDll, database, Path.Combine(work, "api.log"), cancellationToken);
var startupRss = api.PeakRssBytes();
using var scenarios = new Scenarios(api, national, Path.Combine(AppContext.BaseDirectory, "scripts"), work, options.Duration);

Console.WriteLine($"Warming up ({options.WarmUp.TotalSeconds:F0} s a scenario)…");
foreach (var warmUp in scenarios.WarmUps())
{
    await Wrk.RunAsync(ApiUrl(warmUp), warmUp.Script, warmUp.Connections, options.WarmUp, await warmUp.PrepareAsync(cancellationToken), cancellationToken);
}

var loadBefore = Report.LoadAverage();
var results = new List<(Scenario Scenario, WrkResult? Result, long PeakRss)>();
foreach (var scenario in scenarios.All())
{
    if (scenario.PendingReason is not null)
    {
        results.Add((scenario, null, 0));
        continue;
    }

    var scriptArguments = await scenario.PrepareAsync(cancellationToken);
    api.TryResetPeakRss();
    Console.WriteLine($"Running {scenario.Name}, {scenario.Connections} connection(s), {options.Duration.TotalSeconds:F0} s…");
    var result = await Wrk.RunAsync(ApiUrl(scenario), scenario.Script, scenario.Connections, options.Duration, scriptArguments, cancellationToken);
    results.Add((scenario, result, api.HasExited ? throw new InvalidOperationException($"The API exited during {scenario.Name}; see api.log.") : api.PeakRssBytes()));
}

var report = Report.Markdown(results, startupRss, dataLine, loadBefore);
Console.WriteLine();
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(work, "results.md"), report, cancellationToken);
Console.WriteLine($"Written to {Path.Combine(work, "results.md")}; the API's log is {Path.Combine(work, "api.log")}. Took {total.Elapsed.TotalMinutes:F1} min.");
return 0;

Uri ApiUrl(Scenario scenario) => new(api.BaseAddress, scenario.Script.EndsWith("health-live.lua", StringComparison.Ordinal) ? "/health/live" : "/graphql");

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "ResilienceHub.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmarks from inside the repository (ResilienceHub.sln not found above the program).");
}
