using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

/// <summary>One audit's outcome: status is ok, notice (MAY), warn (SHOULD) or error (MUST).</summary>
public sealed record AuditResult(string Id, string Name, string Status, string? Reason, int? HttpStatus)
{
    public override string ToString() => $"[{Status}] {Id} {Name}: {Reason} (HTTP {HttpStatus})";
}

/// <summary>How a graphql-transport-ws violation ended: the close code and reason the client saw (0 if none).</summary>
public sealed record WebSocketClose(string Case, int Code, string Reason);

/// <summary>Runs the Node suites and clients in tests/conformance against a live server.</summary>
public static class NodeConformance
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The graphql-http server audits (GraphQL over HTTP) against <paramref name="endpoint"/>.</summary>
    public static async Task<IReadOnlyList<AuditResult>> RunHttpAuditAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        var output = await RunNodeAsync("audit.mjs", endpoint.ToString(), cancellationToken);
        return JsonSerializer.Deserialize<List<AuditResult>>(output, s_json)
            ?? throw new InvalidOperationException("audit.mjs printed no results.");
    }

    /// <summary>Every graphql-transport-ws violation of ws-violations.mjs, made with a raw ws client.</summary>
    /// <param name="initPayload">What connection_init carries (e.g. a token), if anything.</param>
    public static async Task<IReadOnlyList<WebSocketClose>> RunWebSocketViolationsAsync(
        Uri endpoint, string subscription, object? initPayload = null, CancellationToken cancellationToken = default)
    {
        string[] arguments = initPayload is null
            ? [WebSocketUri(endpoint).ToString(), subscription]
            : [WebSocketUri(endpoint).ToString(), subscription, JsonSerializer.Serialize(initPayload, s_json)];
        var output = await RunNodeAsync("ws-violations.mjs", arguments, cancellationToken);
        return JsonSerializer.Deserialize<List<WebSocketClose>>(output, s_json)
            ?? throw new InvalidOperationException("ws-violations.mjs printed no results.");
    }

    /// <summary>Starts live.mjs: graphql-ws clients subscribing as <paramref name="spec"/> says, reporting line by line.</summary>
    public static LiveClients StartLiveClients(Uri endpoint, object spec) =>
        new(StartNode("live.mjs", [WebSocketUri(endpoint).ToString(), JsonSerializer.Serialize(spec, s_json)]));

    /// <summary>
    /// Starts session.mjs: one graphql-ws client that <see cref="LiveClients.SendAsync"/> drives (subscribe, complete,
    /// dispose) and that reports every message and close line by line.
    /// </summary>
    /// <param name="spec">connectionParams, keepAliveMs, retryAttempts.</param>
    public static LiveClients StartSession(Uri endpoint, object? spec = null) =>
        new(StartNode("session.mjs", [WebSocketUri(endpoint).ToString(), JsonSerializer.Serialize(spec ?? new { }, s_json)], input: true));

    public static Uri WebSocketUri(Uri endpoint) =>
        new UriBuilder(endpoint) { Scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;

    private static Process StartNode(string script, IEnumerable<string> arguments, bool input = false)
    {
        var directory = ConformanceDirectory();
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "graphql-http")))
        {
            throw new InvalidOperationException(
                $"The audit packages are not installed in {directory}. Building the test project runs 'npm ci' there; run it by hand if that failed.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "Node.js 20 or later is required for the conformance tests, but 'node' is not on PATH.", exception);
        }
    }

    private static async Task<string> RunNodeAsync(string script, string argument, CancellationToken cancellationToken) =>
        await RunNodeAsync(script, [argument], cancellationToken);

    private static async Task<string> RunNodeAsync(string script, string[] arguments, CancellationToken cancellationToken)
    {
        using (var process = StartNode(script, arguments))
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
            }
            return await stdout;
        }
    }

    // tests/conformance, found by walking up from the test binaries to the repository.
    private static string ConformanceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "conformance");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No tests/conformance folder above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// The graphql-ws clients of live.mjs or session.mjs: each line they print (connected, next, error, done, …) as
/// JSON, in order. Disposing kills them if they are still running.
/// </summary>
public sealed class LiveClients(Process process) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_commandJson = new(JsonSerializerDefaults.Web);

    private readonly List<System.Text.Json.Nodes.JsonObject> _seen = [];

    /// <summary>Every line read so far.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> Seen => _seen;

    /// <summary>Reads lines until one matches, within <paramref name="within"/>; fails with what was seen if none did.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> WaitForAsync(Func<System.Text.Json.Nodes.JsonObject, bool> match, TimeSpan within)
    {
        // The timeout is the only way out: a test that waits here never waits longer than it says.
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching line from the Node client within {within}; saw {_seen.Count} lines, the last: {_seen.LastOrDefault()?.ToJsonString()}");
            }
            if (line is null)
            {
                throw new InvalidOperationException($"the Node client ended early: {await process.StandardError.ReadToEndAsync()}");
            }
            System.Text.Json.Nodes.JsonObject parsed;
            try
            {
                parsed = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            }
            catch (JsonException exception)
            {
                throw new InvalidOperationException($"the Node client printed a line that is not JSON: {line}", exception);
            }
            _seen.Add(parsed);
            if (match(parsed))
            {
                return parsed;
            }
        }
    }

    /// <summary>Sends session.mjs one command (<c>new { @do = "subscribe", id, query }</c>, say).</summary>
    public async Task SendAsync(object command)
    {
        await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command, s_commandJson));
        await process.StandardInput.FlushAsync();
    }

    /// <summary>Subscribes (or queries, or mutates) under <paramref name="id"/>.</summary>
    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { @do = "subscribe", id, query, variables });

    /// <summary>The first line of <paramref name="type"/> (for operation <paramref name="id"/>, if given) within <paramref name="within"/>.</summary>
    public Task<System.Text.Json.Nodes.JsonObject> WaitForAsync(string type, string? id = null, TimeSpan? within = null) =>
        WaitForAsync(line => (string?)line["type"] == type && (id is null || (string?)line["id"] == id), within ?? TimeSpan.FromSeconds(30));

    /// <summary>Reads until <c>done</c> and waits for the clients to disconnect and exit.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> WaitForDoneAsync(TimeSpan within)
    {
        var done = await WaitForAsync(line => (string?)line["type"] == "done", within);
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
