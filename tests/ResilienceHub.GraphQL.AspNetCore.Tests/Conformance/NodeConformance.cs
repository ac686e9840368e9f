using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

/// <summary>One audit's outcome: status is ok, notice (MAY), warn (SHOULD) or error (MUST).</summary>
public sealed record AuditResult(string Id, string Name, string Status, string? Reason, int? HttpStatus)
{
    public override string ToString() => $"[{Status}] {Id} {Name}: {Reason} (HTTP {HttpStatus})";
}

/// <summary>Runs the Node audit suites in tests/conformance against a live server.</summary>
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

    private static async Task<string> RunNodeAsync(string script, string argument, CancellationToken cancellationToken)
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
            ArgumentList = { script, argument },
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "Node.js 20 or later is required for the conformance tests, but 'node' is not on PATH.", exception);
        }

        using (process)
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
