using System.Globalization;
using System.Text;
using ResilienceHub.Benchmarks.Data;
using ResilienceHub.Benchmarks.Running;

namespace ResilienceHub.Benchmarks;

/// <summary>The Markdown the run prints and the benchmark's README quotes: the machine, the data, one row per scenario, the budgets.</summary>
internal static class Report
{
    private const double Megabyte = 1024 * 1024;

    public static string Markdown(
        IReadOnlyList<ScenarioResult> results, IReadOnlyList<GrowthRow> growth, FanOutResult? fanOut, IReadOnlyList<DashboardWarmUp> dashboards,
        long startupRss, string data, string loadBefore)
    {
        var baseline = results[0].Result ?? throw new InvalidOperationException("The baseline runs first.");
        var text = new StringBuilder();
        Line(text, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Machine()}; API Release build on SQLite, wrk on the same machine.");
        Line(text, $"Data: {data}.");
        // Other work on the machine shows up here; a load average well above 0 before the run means noisy figures.
        Line(text, $"Load average (1, 5, 15 min) before the scenarios: {loadBefore}; after: {LoadAverage()}. Each row has the 1-minute load average at its end.");
        Line(text, $"API RSS after start-up: {startupRss / Megabyte:F0} MB. Peak RSS is per scenario (VmHWM, reset before each).");
        foreach (var dashboard in dashboards)
        {
            Line(text, $"Dashboard of the {Describe(dashboard)}.");
        }

        Line(text);
        Line(text, "| Scenario | Connections | Requests/s | p50 ms | p95 ms | p99 ms | Peak RSS MB | × baseline | Load | API CPU ms/request | wrk CPU ms/request | Accepted / refused |");
        Line(text, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (scenario, result, peakRss, load, processor) in results)
        {
            var outcome = scenario.Writes
                ? $"{result.Accepted:N0} / {result.Refused:N0} ({result.AcceptedPerSecond:F0} accepted/s)"
                : result.Refused + result.Non2xx + result.SocketErrors == 0 ? "all answered" : $"{result.Refused + result.Non2xx + result.SocketErrors:N0} failed";
            Line(text, $"| {scenario.Name} | {scenario.Connections} | {result.RequestsPerSecond:F0} | {Ms(result.P50Us)} | {Ms(result.P95Us)} | {Ms(result.P99Us)} | " +
                $"{peakRss / Megabyte:F0} | {result.RequestsPerSecond / baseline.RequestsPerSecond:F2} | {load.Split(' ')[0]} | " +
                $"{processor.TotalMilliseconds:F2} | {result.ClientCpuMsPerRequest:F2} | {outcome} |");
        }

        if (fanOut is not null)
        {
            Line(text);
            Line(text, $"Fan-out: {fanOut.Subscribers:N0} `dashboardChanged` subscribers of the national incident on one instance, {fanOut.Changes} changes 2 s apart: " +
                $"from submission to each subscriber's event p50 {fanOut.P50Ms:F0} ms, p99 {fanOut.P99Ms:F0} ms, slowest {fanOut.SlowestMs:F0} ms, {fanOut.Missed:N0} events missed; " +
                $"the API's processor time {fanOut.CpuPerChangeMs:F0} ms a change (the {fanOut.IdleCpuMs:F0} ms it spends in 2 s with nothing changing not counted), " +
                $"of which {fanOut.SubmissionCpuMs:F0} ms is the submission's own (as measured once the subscribers have left): the subscribers add {fanOut.FanOutCpuMs:F0} ms, " +
                $"against {fanOut.ExecutionCpuMs:F0} ms for one execution of the same dashboard after a change (× {fanOut.FanOutCpuMs / fanOut.ExecutionCpuMs:F1}).");
        }

        if (growth.Count > 0)
        {
            Line(text);
            Line(text, "Growth: the national dashboard (every field), 1 connection, each size on its own database and API process.");
            Line(text);
            Line(text, "| Days | Organisations | Returns | Versions | Database MB | First request ms | Requests/s | p50 ms | p95 ms | p99 ms | Peak RSS MB | Load |");
            Line(text, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var row in growth)
            {
                Line(text, $"| {row.Days} | {row.Organisations} | {row.Counts.Returns:N0} | {row.Counts.Versions:N0} | {row.DatabaseMegabytes:F0} | " +
                    $"{row.WarmUp.First.TotalMilliseconds:F0} | {row.Result.RequestsPerSecond:F0} | {Ms(row.Result.P50Us)} | {Ms(row.Result.P95Us)} | " +
                    $"{Ms(row.Result.P99Us)} | {row.PeakRss / Megabyte:F0} | {row.Load.Split(' ')[0]} |");
            }
        }

        Line(text);
        Line(text, "The budgets the harness checks:");
        Line(text);
        var national1 = Find(results, NationalDashboardName, 1);
        var national8 = Find(results, NationalDashboardName, 8);
        var demo = Find(results, DemoDashboardName, 16);
        if (demo is not null)
        {
            var share = demo.RequestsPerSecond / baseline.RequestsPerSecond;
            Line(text, $"- Demo incident, full dashboard, 16 connections: {demo.RequestsPerSecond:F0}/s, {share:P0} of the baseline (≥ 50%: {Verdict(share >= 0.5)})");
        }

        if (national8 is not null)
        {
            Line(text, $"- National incident, full dashboard, 8 connections, nothing changing, gzip accepted as a browser asks: {national8.RequestsPerSecond:F0}/s (≥ 1,000: {Verdict(national8.RequestsPerSecond >= 1000)})");
            // The client shares the machine: the rate cannot pass the cores over both processes' time a request.
            double ProcessorMs(WrkResult result) => results.First(r => r.Result == result).ApiProcessorPerRequest.TotalMilliseconds;
            var processor = ProcessorMs(national8);
            Line(text, $"  (the API's processor time {processor:F2} ms a request, wrk's {national8.ClientCpuMsPerRequest:F2} ms reading each answer into its script to check it: " +
                $"{Environment.ProcessorCount} cores allow at most {Environment.ProcessorCount * 1000 / (processor + national8.ClientCpuMsPerRequest):F0}/s here, the API alone {Environment.ProcessorCount * 1000 / processor:F0}/s)");
            if (Find(results, NationalUncompressedName, 8) is { } plain)
            {
                Line(text, $"  (gzip not accepted: {plain.RequestsPerSecond:F0}/s, the API's processor time {ProcessorMs(plain):F2} ms a request and wrk's {plain.ClientCpuMsPerRequest:F2} ms)");
            }
        }

        if (Find(results, NationalWhileWritingName, 8) is { } mixed)
        {
            Line(text, $"- National incident, full dashboard, 8 connections while submitSitrep runs: p95 {Ms(mixed.P95Us)} ms (< 100: {Verdict(mixed.P95Us < 100_000)})");
        }

        if (national1 is not null)
        {
            Line(text, $"- National incident, full dashboard, 1 connection: p95 {Ms(national1.P95Us)} ms (< 25: {Verdict(national1.P95Us < 25_000)})");
        }

        if (fanOut is not null)
        {
            var ratio = fanOut.FanOutCpuMs / fanOut.ExecutionCpuMs;
            Line(text, $"- {fanOut.Subscribers:N0} dashboardChanged subscribers: p99 {fanOut.P99Ms:F0} ms from change to event (< 2,000: {Verdict(fanOut.P99Ms < 2000 && fanOut.Missed == 0)}), " +
                $"processor time the subscribers add to a change × {ratio:F1} one execution (≈ 1: {Verdict(ratio < 2)})");
        }

        if (results.LastOrDefault(r => r.Scenario.Writes && r.Scenario.Connections == 16)?.Result is { } submit)
        {
            Line(text, $"- submitSitrep, 16 connections: {submit.AcceptedPerSecond:F0} accepted/s, p99 {Ms(submit.P99Us)} ms");
        }

        var peak = Math.Max(startupRss, results.Max(r => r.PeakRss));
        Line(text, $"- API peak RSS under load: {peak / Megabyte:F0} MB (< 400: {Verdict(peak < 400 * Megabyte)})");
        if (Size(growth, 1, 300) is { } oneDay && Size(growth, 14, 300) is { } twoWeeks)
        {
            double p50 = twoWeeks.Result.P50Us / (double)oneDay.Result.P50Us, p95 = twoWeeks.Result.P95Us / (double)oneDay.Result.P95Us;
            Line(text, $"- Dashboard from 1 to 14 days of history (300 organisations): p50 × {p50:F2}, p95 × {p95:F2} (within 20%: {Verdict(p50 <= 1.2 && p95 <= 1.2)})");
        }

        if (Size(growth, 14, 30) is { } few && Size(growth, 14, 300) is { } many)
        {
            var p50 = many.Result.P50Us / (double)few.Result.P50Us;
            Line(text, $"- Dashboard from 30 to 300 organisations (14 days): p50 × {p50:F1} for × 10 organisations (at most linear: {Verdict(p50 <= 10)})");
        }

        return text.ToString();
    }

    public const string NationalDashboardName = "Dashboard, every field, national incident";
    public const string NationalUncompressedName = "Dashboard, every field, national incident, gzip not accepted";
    public const string NationalWhileWritingName = "Dashboard, every field, national incident, while submitSitrep runs";
    public const string DemoDashboardName = "Dashboard, every field, North Cumbria demo incident";

    public static string Describe(DashboardWarmUp warmUp) =>
        $"{warmUp.Name}: first request (loads the ledger) {warmUp.First.TotalMilliseconds:F0} ms, second {warmUp.Second.TotalMilliseconds:F0} ms; " +
        $"{warmUp.Organisations} organisations, response {warmUp.ResponseBytes / 1024.0:F0} KB";

    private static WrkResult? Find(IReadOnlyList<ScenarioResult> results, string name, int connections) =>
        results.FirstOrDefault(r => r.Scenario.Name == name && r.Scenario.Connections == connections)?.Result;

    private static GrowthRow? Size(IReadOnlyList<GrowthRow> growth, int days, int organisations) =>
        growth.FirstOrDefault(g => g.Days == days && g.Organisations == organisations);

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {gib} GiB, .NET {Environment.Version}";
    }

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}

/// <summary>One row of the table: the scenario, what wrk measured (null if pending), the API's peak RSS, the load average at its end.</summary>
/// <param name="ApiProcessorPerRequest">The API's processor time over the scenario, divided by its requests (both loads' in a mixed one).</param>
internal sealed record ScenarioResult(Scenario Scenario, WrkResult Result, long PeakRss, string Load, TimeSpan ApiProcessorPerRequest);

/// <summary>One row of the growth table.</summary>
internal sealed record GrowthRow(
    int Days, int Organisations, GeneratedCounts Counts, double DatabaseMegabytes, DashboardWarmUp WarmUp, WrkResult Result, long PeakRss, string Load);
