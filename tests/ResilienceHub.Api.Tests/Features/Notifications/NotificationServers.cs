using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>A real SMTP server (Python's aiosmtpd, Debian's python3-aiosmtpd) keeping each message it is given in a Maildir.</summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _maildir;

    private SmtpServer(Process process, string maildir, int port) => (_process, _maildir, Port) = (process, maildir, port);

    public int Port { get; }

    // Debian's package is for Debian's Python, which another python3 earlier on the PATH may not be.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static bool Available { get; } = Run(Python, "-c \"import aiosmtpd\"");

    public const string Missing = "python3 with aiosmtpd (Debian's python3-aiosmtpd; .ci/run installs it) is needed to run a real SMTP server.";

    /// <param name="port">A port of the test's choosing (one the API was told of before the server started), else a free one.</param>
    public static async Task<SmtpServer> StartAsync(int? port = null)
    {
        var listening = port ?? FreePort();
        // A folder that does not exist yet: aiosmtpd makes a Maildir (tmp, new, cur) only then.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("resiliencehub-smtp-").FullName, "maildir");
        var process = Process.Start(new ProcessStartInfo(Python, $"-m aiosmtpd -n -l 127.0.0.1:{listening} -c aiosmtpd.handlers.Mailbox {maildir}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, listening, TestContext.Current.CancellationToken);
                return new SmtpServer(process, maildir, listening);
            }
            catch (SocketException)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        process.Kill();
        throw new InvalidOperationException("aiosmtpd did not start listening within 15 s.");
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            var folder = Path.Combine(_maildir, "new");
            return Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Order().Select(f => MimeMessage.Load(f))] : [];
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
        Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An HTTP server of the test's own (HttpListener on loopback), answering each request as the test says.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, string, (int Status, string Body, TimeSpan? RetryAfter)> _answer;
    private readonly Task _loop;

    public LocalHttpServer(Func<HttpListenerRequest, string, (int Status, string Body, TimeSpan? RetryAfter)> answer)
    {
        _answer = answer;
        var port = SmtpServer.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public Infrastructure.LockedCollection<(string Path, Dictionary<string, string> Headers, string Body, int Status)> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var (status, answer, retryAfter) = _answer(context.Request, body);
            Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase), body, status));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (retryAfter is { } after)
            {
                context.Response.Headers["Retry-After"] = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
