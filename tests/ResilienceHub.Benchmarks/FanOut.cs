using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ResilienceHub.Benchmarks.Data;
using ResilienceHub.Benchmarks.Running;

namespace ResilienceHub.Benchmarks;

/// <summary>What the fan-out measured: one dashboard execution's processor time, and each change's cost and delivery.</summary>
internal sealed record FanOutResult(
    int Subscribers, int Changes, double SubmissionCpuMs, double ExecutionCpuMs, double CpuPerChangeMs, double IdleCpuMs, double P50Ms, double P99Ms, double SlowestMs, int Missed)
{
    /// <summary>What the subscribers add to a change: its processor time less the submission's own.</summary>
    public double FanOutCpuMs => CpuPerChangeMs - SubmissionCpuMs;
}

/// <summary>
/// Many graphql-ws subscribers (the npm client, tests/conformance/live.mjs) of the national incident's
/// <c>dashboardChanged</c> on one instance, all the benchmark's director: each change (one return into the incident's
/// last open period) is timed from just before its submission to every subscriber's event, and the API's processor
/// time per change (less what it spends in as long with nothing changing), less that of the submission alone, is set
/// beside that of one execution of the same dashboard after a change, both measured once the subscribers have left; the first
/// changes are sent, not measured.
/// </summary>
internal sealed class FanOut(ApiServer api, NationalIncident national, string repository) : IDisposable
{
    // The subscription shows little of the dashboard, so that the one client process keeps up with the subscribers'
    // bytes; the API computes the whole dashboard for it all the same.
    private const string Selection = "asOf systemOpelLevel opelSpread { level organisations } compliance { expected onTime late overdue } totals { measure { code } value incidentToDate }";
    private const string Subscription = $"subscription($id: ID!) {{ dashboardChanged(incidentId: $id) {{ {Selection} }} }}";
    private const string Query = $"query($id: ID!) {{ incident(id: $id) {{ dashboard {{ {Selection} }} }} }}";
    private const string Submit = "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id } errors { code field } } }";

    private readonly HttpClient _client = new()
    {
        BaseAddress = api.BaseAddress,
        Timeout = TimeSpan.FromMinutes(2),
        DefaultRequestHeaders = { Authorization = new("Bearer", ApiServer.DirectorToken()) },
    };
    // A method run once a change is compiled for good (tiered compilation's second tier) after about sixty calls: the
    // measured changes are those of an API that has served that many, as one in use for hours has.
    private const int WarmUpChanges = 60;

    // Apart by more than the coalescing interval (500 ms), so that each change is its own event: the measured ones by
    // enough for every subscriber to have it before the next, the warm-up ones by little more than the interval.
    private static readonly TimeSpan Apart = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WarmUpApart = TimeSpan.FromMilliseconds(700);

    private int _submitted;

    public async Task<FanOutResult> RunAsync(int subscribers, int changes, CancellationToken cancellationToken)
    {
        var node = StartClients(subscribers, changes);
        var lines = new List<JsonObject>();
        var connected = 0;
        var reader = Task.Run(async () =>
        {
            while (await node.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                var json = JsonNode.Parse(line)!.AsObject();
                lock (lines)
                {
                    lines.Add(json);
                    connected += (string?)json["type"] == "connected" ? 1 : 0;
                }
            }
        }, cancellationToken);
        if (!await UntilAsync(() => Volatile.Read(ref connected) >= subscribers, TimeSpan.FromMinutes(2), node, cancellationToken))
        {
            throw new InvalidOperationException($"Only {connected} of {subscribers} subscribers connected within two minutes: {Errors(lines)}");
        }

        // Each client subscribes once connected; the API has the subscriptions a moment later. The first changes compile
        // the code of fanning out: they are sent, not measured.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var startedAt = new List<double>();
        var cpu = TimeSpan.Zero;
        var idle = TimeSpan.Zero;
        for (var change = 0; change < WarmUpChanges + changes; change++)
        {
            if (change == WarmUpChanges)
            {
                // What the API spends with the subscribers open and nothing changing (keep-alives, timers), in as long as
                // a measured change, is not the changes': measured between the warm-up and them, once every subscriber
                // has had every warm-up change.
                if (!await UntilAsync(() => Nexts(lines) >= subscribers * WarmUpChanges, TimeSpan.FromMinutes(1), node, cancellationToken))
                {
                    throw new InvalidOperationException($"Not every subscriber had the {WarmUpChanges} warm-up changes within a minute: {Errors(lines)}");
                }

                await Task.Delay(Apart, cancellationToken);
                var quiet = ProcessorTime();
                await Task.Delay(Apart, cancellationToken);
                idle = ProcessorTime() - quiet;
            }

            var before = ProcessorTime();
            startedAt.Add((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds);
            await SubmitAsync(cancellationToken);
            await Task.Delay(change >= WarmUpChanges ? Apart : WarmUpApart, cancellationToken);
            cpu += change >= WarmUpChanges ? ProcessorTime() - before : TimeSpan.Zero;
        }

        var cpuPerChange = (cpu.TotalMilliseconds / changes) - idle.TotalMilliseconds;
        await node.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        await reader;
        await Task.Delay(Apart, cancellationToken);
        var (submissionCpu, executionCpu) = await AloneAsync(cancellationToken);

        // Each client's i-th event answers the i-th change.
        var latencies = new List<double>();
        var missed = 0;
        foreach (var client in lines.Where(l => (string?)l["type"] == "next").GroupBy(l => (int)l["client"]!))
        {
            var times = client.Select(l => (double)l["at"]!).Order().ToList();
            missed += WarmUpChanges + changes - times.Count;
            latencies.AddRange(times.Select((at, i) => at - startedAt[i]).Skip(WarmUpChanges));
        }

        if (latencies.Count == 0)
        {
            throw new InvalidOperationException($"No subscriber was sent an event: {Errors(lines)}");
        }

        missed += (subscribers - lines.Where(l => (string?)l["type"] == "next").Select(l => (int)l["client"]!).Distinct().Count()) * (WarmUpChanges + changes);
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return new(subscribers, changes, submissionCpu, executionCpu, cpuPerChange, idle.TotalMilliseconds, At(0.5), At(0.99), latencies.Count == 0 ? double.NaN : latencies[^1], missed);
    }

    // A change alone, then one execution of the dashboard (computed afresh, as the data moved), ten times over, once
    // the subscribers have left: the code is then as warm as it was for them, whatever ran before the fan-out.
    private async Task<(double SubmissionCpuMs, double ExecutionCpuMs)> AloneAsync(CancellationToken cancellationToken)
    {
        const int executions = 10;
        var submissionCpu = TimeSpan.Zero;
        var executionCpu = TimeSpan.Zero;
        for (var i = 0; i < executions; i++)
        {
            var before = ProcessorTime();
            await SubmitAsync(cancellationToken);
            var submitted = ProcessorTime();
            await PostAsync(Query, new { id = Id(national.IncidentId) }, cancellationToken);
            submissionCpu += submitted - before;
            executionCpu += ProcessorTime() - submitted;
        }

        return (submissionCpu.TotalMilliseconds / executions, executionCpu.TotalMilliseconds / executions);
    }

    // Polls until done, the time is up or the clients have exited; whether done.
    private static async Task<bool> UntilAsync(Func<bool> done, TimeSpan within, Process clients, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done() && DateTime.UtcNow < deadline && !clients.HasExited)
        {
            await Task.Delay(200, cancellationToken);
        }

        return done();
    }

    private static int Nexts(List<JsonObject> lines)
    {
        lock (lines)
        {
            return lines.Count(l => (string?)l["type"] == "next");
        }
    }

    private static string Errors(List<JsonObject> lines)
    {
        lock (lines)
        {
            var errors = lines.Where(l => (string?)l["type"] is "error" or "done").Take(3).Select(l => l.ToJsonString()).ToList();
            return errors.Count == 0 ? "the clients reported nothing" : string.Join("; ", errors);
        }
    }

    /// <summary>Installs the npm client (as building the test projects does) when this clone has not yet.</summary>
    public static async Task EnsureClientInstalledAsync(string repository, CancellationToken cancellationToken)
    {
        var directory = ClientDirectory(repository);
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "graphql-ws")))
        {
            Console.WriteLine("The graphql-ws client is missing; installing it (npm ci in tests/conformance)…");
            await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, cancellationToken: cancellationToken);
        }
    }

    private static string ClientDirectory(string repository) => Path.Combine(repository, "tests", "conformance");

    private Process StartClients(int subscribers, int changes)
    {
        var directory = ClientDirectory(repository);
        var spec = new
        {
            clients = subscribers,
            events = WarmUpChanges + changes,
            timeoutMs = (changes * 2 + 300) * 1000,
            query = Subscription,
            variables = new { id = Id(national.IncidentId) },
            connectionParams = new { authorization = "Bearer " + ApiServer.DirectorToken() },
        };
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["live.mjs", new UriBuilder(api.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri.ToString(), System.Text.Json.JsonSerializer.Serialize(spec)])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    // One return of the next organisation for the last open period: slots no other scenario takes.
    private async Task SubmitAsync(CancellationToken cancellationToken)
    {
        var organisation = national.Organisations[_submitted++ % national.Organisations.Count];
        var body = await PostAsync(Submit, new
        {
            input = new
            {
                incidentId = Id(national.IncidentId),
                organisationId = Id(organisation.Id),
                periodStartsAt = national.Open.Last().StartsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                opelLevel = 2,
                criticalIncidentDeclared = false,
                measures = national.Catalogue.ValidValues(organisation.Type).Select(v => new { code = v.Measure.Code, value = v.Value }),
                idempotencyKey = $"bench-fan-out-{_submitted}",
            },
        }, cancellationToken);
        if (body["submitSitrep"]?["errors"]?.AsArray().Count is not 0)
        {
            throw new InvalidOperationException($"The fan-out's return was refused: {body.ToJsonString()}");
        }
    }

    private async Task<JsonNode> PostAsync(string query, object variables, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query, variables }, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return body["data"] ?? throw new InvalidOperationException($"No data: {body.ToJsonString()}");
    }

    private TimeSpan ProcessorTime()
    {
        using var process = Process.GetProcessById(api.ProcessId);
        return process.TotalProcessorTime;
    }

    public void Dispose() => _client.Dispose();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
