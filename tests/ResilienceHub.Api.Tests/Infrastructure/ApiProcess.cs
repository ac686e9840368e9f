using System.Diagnostics;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>The API's executable run as an operator runs it, in an environment of the test's choosing: for what happens before a host exists.</summary>
public static class ApiProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string environment, params string[] arguments)
    {
        using var process = Process.Start(Start(environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// The API serving on a port of its own, as a child process with these settings (command-line <c>--Key=Value</c>),
    /// once <c>/health/live</c> answers: for what only a real process shows, such as being killed.
    /// </summary>
    public static async Task<RunningApi> StartAsync(string environment, IReadOnlyDictionary<string, string> settings)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        var process = Process.Start(Start(environment, ["--urls", url.ToString(), .. settings.Select(s => $"--{s.Key}={s.Value}")]))!;
        var running = new RunningApi(process, url);
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/health/live", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return running;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var output = running.Output;
        await running.DisposeAsync();
        throw new InvalidOperationException($"The API did not start serving within 90 s:\n{output}");
    }

    private static ProcessStartInfo Start(string environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("resiliencehub-process-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["DOTNET_ENVIRONMENT"] = environment },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResilienceHub.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}

/// <summary>A child process of the API serving at <see cref="Url"/>; what it wrote to its console is kept.</summary>
public sealed class RunningApi : IAsyncDisposable
{
    private readonly Process _process;
    private readonly LockedCollection<string> _lines = new();

    public RunningApi(Process process, Uri url)
    {
        (_process, Url) = (process, url);
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string Output => string.Join('\n', _lines.Snapshot());

    /// <summary>A client of the API signed in with this token.</summary>
    public HttpClient Client(string token) => ApiFactory.WithToken(new HttpClient { BaseAddress = Url }, token);

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process would do on its way out.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Add(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillHardAsync();
        }

        _process.Dispose();
    }
}
