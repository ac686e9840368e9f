using System.Globalization;
using System.Text;
using ResilienceHub.Benchmarks.Running;

namespace ResilienceHub.Benchmarks;

/// <summary>The Markdown the run prints and README quotes: the machine, the data, one row per scenario, issue 8's budgets.</summary>
internal static class Report
{
    private const double Megabyte = 1024 * 1024;

    public static string Markdown(IReadOnlyList<(Scenario Scenario, WrkResult? Result, long PeakRss)> results, long startupRss, string data, string loadBefore)
    {
        var baseline = results[0].Result ?? throw new InvalidOperationException("The baseline runs first.");
        var text = new StringBuilder();
        Line(text, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Machine()}; API Release build on SQLite, wrk on the same machine.");
        Line(text, $"Data: {data}.");
        // Other work on the machine shows up here; a load average well above 0 before the run means noisy figures.
        Line(text, $"Load average (1, 5, 15 min) before the scenarios: {loadBefore}; after: {LoadAverage()}.");
        Line(text, $"API RSS after start-up: {startupRss / Megabyte:F0} MB. Peak RSS is per scenario (VmHWM, reset before each).");
        Line(text);
        Line(text, "| Scenario | Connections | Requests/s | p50 ms | p95 ms | p99 ms | Peak RSS MB | × baseline | Accepted / refused |");
        Line(text, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (scenario, result, peakRss) in results)
        {
            if (result is null)
            {
                Line(text, $"| {scenario.Name} | {scenario.Connections} | — | — | — | — | — | — | {scenario.PendingReason} |");
                continue;
            }

            var outcome = scenario.Writes
                ? $"{result.Accepted:N0} / {result.Refused:N0} ({result.AcceptedPerSecond:F0} accepted/s)"
                : result.Refused + result.Non2xx + result.SocketErrors == 0 ? "all answered" : $"{result.Refused + result.Non2xx + result.SocketErrors:N0} failed";
            Line(text, $"| {scenario.Name} | {scenario.Connections} | {result.RequestsPerSecond:F0} | {Ms(result.P50Us)} | {Ms(result.P95Us)} | {Ms(result.P99Us)} | " +
                $"{peakRss / Megabyte:F0} | {result.RequestsPerSecond / baseline.RequestsPerSecond:F2} | {outcome} |");
        }

        Line(text);
        Line(text, "Budgets of issue 8 that can be checked today:");
        Line(text);
        if (results.LastOrDefault(r => r.Scenario.Writes && r.Scenario.Connections == 16).Result is { } submit)
        {
            Line(text, $"- submitSitrep, 16 connections: {submit.AcceptedPerSecond:F0} accepted/s (≥ 500: {Verdict(submit.AcceptedPerSecond >= 500)}), " +
                $"p99 {Ms(submit.P99Us)} ms (< 50: {Verdict(submit.P99Us < 50_000)})");
        }

        var peak = Math.Max(startupRss, results.Max(r => r.PeakRss));
        Line(text, $"- API peak RSS under load: {peak / Megabyte:F0} MB (< 400: {Verdict(peak < 400 * Megabyte)})");
        return text.ToString();
    }

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
