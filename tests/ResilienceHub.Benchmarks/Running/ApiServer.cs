using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ResilienceHub.Benchmarks.Running;

/// <summary>The API's Release build as its own process on a SQLite file and a free loopback port.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ApiServer(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The API's processor time so far, every thread, user and kernel.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Runs one of the executable's commands (migrate, seed) on the database and waits for it.</summary>
    public static Task<string> RunCommandAsync(string apiDll, string command, string databasePath, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("dotnet", [apiDll, command, .. Settings(databasePath)], Path.GetDirectoryName(apiDll), Environment, cancellationToken);

    // As an operator runs it, but for a signing key of the run's own, which the API accepts only in Development and in
    // the Testing environment of its tests.
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["DOTNET_ENVIRONMENT"] = "Testing",
    };

    public static async Task<ApiServer> StartAsync(string apiDll, string databasePath, string logPath, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(apiDll),
        };
        foreach (var argument in (string[])[apiDll, "--urls", baseAddress.ToString(), .. Settings(databasePath)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        // No telemetry export: the run measures the API, not a collector.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
        // The API logs every write; its output is drained to a file so a full pipe never stalls it.
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ApiServer(process, log, baseAddress);
        await server.WaitUntilReadyAsync(logPath, cancellationToken);
        return server;
    }

    /// <summary>The process's peak resident set size (VmHWM) in bytes.</summary>
    public long PeakRssBytes()
    {
        var line = File.ReadLines($"/proc/{ProcessId.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Starts the peak over from the current RSS (Linux clear_refs 5), so each scenario has its own peak.</summary>
    public bool TryResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{ProcessId.ToString(CultureInfo.InvariantCulture)}/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    /// <summary>A signing key made for this run only, so the driver can sign a director's token the API accepts.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>A director's bearer token for the load: a director may read everything and submit for any organisation.</summary>
    public static string DirectorToken() => Api.Features.Access.DevelopmentTokens.Issue(
        new Api.Features.Access.AccessOptions { DevelopmentSigningKey = SigningKey }, "Benchmark director",
        [Api.Features.Access.Roles.Director], [], DateTimeOffset.UtcNow, groups: [Api.Features.Access.Actor.EveryGroup]);

    // The per-identity rate limit is lifted to the most the settings accept (a million a second): every request of the
    // load comes from the one benchmark director.
    private static string[] Settings(string databasePath) =>
        [$"--ConnectionStrings:ResilienceHub=Data Source={databasePath}", "--Database:Provider=Sqlite", "--Seed:Demo=true",
         $"--Authentication:DevelopmentSigningKey={SigningKey}", "--RateLimiting:PermitLimit=1000000",
         "--RateLimiting:Window=00:00:01",
         // The fan-out's thousand subscribers are the one benchmark director too.
         "--LiveUpdates:MaxConnectionsPerIdentity=10000", "--LiveUpdates:MaxOperationsPerIdentity=100000",
         // The first dashboard of each incident is timed as the load of its ledger, not the end of a load begun at start-up.
         "--Dashboard:WarmUp=false"];

    private async Task WaitUntilReadyAsync(string logPath, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {_process.ExitCode} while starting; see {logPath}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The API was not ready within a minute; see {logPath}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
