using System.Globalization;
using System.Text.Json;

namespace ResilienceHub.Benchmarks.Running;

/// <summary>Drives the API with wrk (Debian's package) and reads the result line that scripts/common.lua prints.</summary>
internal static class Wrk
{
    private const string ResultMarker = "BENCH-RESULT ";

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (ProcessRunner.IsOnPath("wrk"))
        {
            return;
        }

        Console.WriteLine("wrk is missing; installing Debian's package (apt-get)…");
        await ProcessRunner.RunAsync("apt-get", ["update", "-qq"], cancellationToken: cancellationToken);
        await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-qq", "wrk"], cancellationToken: cancellationToken);
    }

    public static async Task<WrkResult> RunAsync(
        Uri url, string script, int connections, TimeSpan duration, IReadOnlyList<string> scriptArguments, CancellationToken cancellationToken)
    {
        var threads = ThreadsFor(connections);
        string[] arguments =
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--timeout", "10s",
            "-s", script,
            url.ToString(),
            "--", .. scriptArguments,
        ];
        // The scripts load common.lua by a relative path.
        var output = await ProcessRunner.RunAsync(
            "wrk", arguments, Path.GetDirectoryName(script),
            new Dictionary<string, string> { ["BENCH_TOKEN"] = ApiServer.DirectorToken() }, cancellationToken);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultMarker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result line:\n{output}");
        return JsonSerializer.Deserialize<WrkResult>(line[ResultMarker.Length..], JsonSerializerOptions.Web)!;
    }

    /// <summary>One load thread per connection, at most two: wrk shares the machine's two cores with the API.</summary>
    public static int ThreadsFor(int connections) => Math.Min(connections, 2);
}

public sealed record WrkResult(
    long Requests, long DurationUs, long SocketErrors, long Non2xx, long P50Us, long P95Us, long P99Us, long MaxUs, long Accepted, long Refused,
    long ClientCpuUs)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public double AcceptedPerSecond => Accepted / (DurationUs / 1e6);

    /// <summary>wrk's own processor time a request (its threads and the scripts' checks of each answer), in milliseconds.</summary>
    public double ClientCpuMsPerRequest => Requests == 0 ? 0 : ClientCpuUs / 1e3 / Requests;
}
