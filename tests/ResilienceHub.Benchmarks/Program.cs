using System.Diagnostics;
using ResilienceHub.Benchmarks;
using ResilienceHub.Benchmarks.Running;

// The harness: generate the national incident, start the API's Release build on it, drive it with wrk, print the
// table; then the growth table: the dashboard at each size of history and of organisations, each on its own database.
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
if (options.Subscribers > 0)
{
    await FanOut.EnsureClientInstalledAsync(repository, cancellationToken);
}

Console.WriteLine("Building the API (Release)…");
var apiProject = Path.Combine(repository, "src", "ResilienceHub.Api", "ResilienceHub.Api.csproj");
await ProcessRunner.RunAsync("dotnet", ["build", apiProject, "-c", "Release", "--nologo", "-v", "q"], repository, cancellationToken: cancellationToken);
var apiDll = Path.Combine(repository, "src", "ResilienceHub.Api", "bin", "Release", "net10.0", "ResilienceHub.Api.dll");

// The incident stays open this many days after its history, enough fresh periods for the read/write mix's returns.
const int plausibleSubmissionsPerSecond = 1000;
var openDays = (int)Math.Ceiling(plausibleSubmissionsPerSecond * options.Duration.TotalSeconds / options.Organisations / 24) + 1;
var sizes = new SizedDatabases(apiDll, work, openDays, options.Seed);

var results = new List<ScenarioResult>();
FanOutResult? fanOut = null;
IReadOnlyList<DashboardWarmUp> dashboardWarmUps;
string dataLine, loadBefore;
long startupRss;
await using (var main = await sizes.StartAsync(options.Days, options.Organisations, cancellationToken))
{
    var api = main.Api;
    dataLine = main.DataLine;
    startupRss = api.PeakRssBytes();
    using var scenarios = new Scenarios(api, main.National, Path.Combine(AppContext.BaseDirectory, "scripts"), work, options.Duration);

    Console.WriteLine("Asking for each dashboard once (the first request loads the incident's ledger)…");
    dashboardWarmUps = await scenarios.WarmDashboardsAsync(cancellationToken);
    foreach (var warmUp in dashboardWarmUps)
    {
        Console.WriteLine($"  {Report.Describe(warmUp)}");
    }

    Console.WriteLine($"Warming up ({options.WarmUp.TotalSeconds:F0} s a scenario)…");
    foreach (var warmUp in scenarios.WarmUps())
    {
        await Wrk.RunAsync(ApiUrl(api, warmUp), warmUp.Script, warmUp.Connections, options.WarmUp, await warmUp.PrepareAsync(cancellationToken), cancellationToken);
    }

    loadBefore = Report.LoadAverage();
    foreach (var scenario in scenarios.All())
    {
        var scriptArguments = await scenario.PrepareAsync(cancellationToken);
        var alongsideArguments = scenario.Alongside is { } second ? await second.PrepareAsync(cancellationToken) : null;
        api.TryResetPeakRss();
        var processorBefore = api.ProcessorTime;
        Console.WriteLine($"Running {scenario.Name}, {scenario.Connections} connection(s), {options.Duration.TotalSeconds:F0} s…");
        var first = Wrk.RunAsync(ApiUrl(api, scenario), scenario.Script, scenario.Connections, options.Duration, scriptArguments, cancellationToken);
        var alongside = scenario.Alongside is { } other
            ? Wrk.RunAsync(ApiUrl(api, other), other.Script, other.Connections, options.Duration, alongsideArguments!, cancellationToken)
            : null;
        var result = await first;
        var alongsideResult = alongside is null ? null : await alongside;
        var peak = api.HasExited ? throw new InvalidOperationException($"The API exited during {scenario.Name}; see api.log.") : api.PeakRssBytes();
        var load = Report.LoadAverage();
        // Shared by both loads of a mixed scenario, so given per request of both.
        var processor = (api.ProcessorTime - processorBefore) / (result.Requests + (alongsideResult?.Requests ?? 0));
        results.Add(new(scenario, result, peak, load, processor));
        if (scenario.Alongside is { } written)
        {
            results.Add(new(written, alongsideResult!, peak, load, processor));
        }
    }

    if (options.Subscribers > 0)
    {
        Console.WriteLine($"Fan-out: {options.Subscribers} dashboardChanged subscribers of the national incident, 10 changes…");
        using var subscribers = new FanOut(api, main.National, repository);
        fanOut = await subscribers.RunAsync(options.Subscribers, changes: 10, cancellationToken);
    }
}

var growth = new List<GrowthRow>();
if (options.Growth)
{
    foreach (var (days, organisations) in GrowthSizes.All)
    {
        await using var sized = await sizes.StartAsync(days, organisations, cancellationToken);
        using var scenarios = new Scenarios(sized.Api, sized.National, Path.Combine(AppContext.BaseDirectory, "scripts"), work, options.Duration);
        var warmUp = (await scenarios.WarmDashboardsAsync(cancellationToken))[0];
        var dashboard = scenarios.NationalDashboard(1);
        var arguments = await dashboard.PrepareAsync(cancellationToken);
        await Wrk.RunAsync(ApiUrl(sized.Api, dashboard), dashboard.Script, 1, options.GrowthWarmUp, arguments, cancellationToken);
        sized.Api.TryResetPeakRss();
        var load = Report.LoadAverage();
        Console.WriteLine($"Growth: dashboard at {days} day(s), {organisations} organisations, 1 connection, {options.Duration.TotalSeconds:F0} s (load {load})…");
        var result = await Wrk.RunAsync(ApiUrl(sized.Api, dashboard), dashboard.Script, 1, options.Duration, arguments, cancellationToken);
        growth.Add(new(days, organisations, sized.National.Counts, sized.DatabaseMegabytes, warmUp, result, sized.Api.PeakRssBytes(), load));
    }
}

var report = Report.Markdown(results, growth, fanOut, dashboardWarmUps, startupRss, dataLine, loadBefore);
Console.WriteLine();
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(work, "results.md"), report, cancellationToken);
Console.WriteLine($"Written to {Path.Combine(work, "results.md")}; the API's logs are {Path.Combine(work, "api-*.log")}. Took {total.Elapsed.TotalMinutes:F1} min.");
return 0;

static Uri ApiUrl(ApiServer api, Scenario scenario) =>
    new(api.BaseAddress, scenario.Script.EndsWith("health-live.lua", StringComparison.Ordinal) ? "/health/live" : "/graphql");

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
