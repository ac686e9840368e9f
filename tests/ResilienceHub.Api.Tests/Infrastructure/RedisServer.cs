using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// A real redis-server of the test's own on a free loopback port, which the test can stop and start
/// again on the same port. .ci/run installs redis-server; without it these tests fail and say so.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // In memory only, loopback only.
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static string Binary()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "redis-server is not installed, and the scale-out tests need a real one. .ci/run installs it (apt-get install redis-server); install it the same way to run these tests locally.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
