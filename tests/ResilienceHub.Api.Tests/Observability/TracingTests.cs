using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Claims;
using System.Text;
using GraphQL;
using GraphQL.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Trace;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Observability;

public class TracingTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneSubmissionIsOneTraceFromTheHttpSpanThroughTheGraphQLOperationToItsDatabaseCommandsAndCountsOneReturn()
    {
        await using var scenario = await Scenario.StartAsync();
        var spans = new LockedCollection<Activity>();
        var api = WithInMemoryExporter(scenario.Api, spans);
        using var client = api.CreateClient();
        using var received = new MetricCollector<long>(
            api.Services.GetRequiredService<IMeterFactory>(), ResilienceMetrics.MeterName, "resiliencehub.returns.received");
        // The client starts the trace, so this request's spans can be told from those of tests running alongside.
        var traceId = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        var payload = (await client.QueryAsync(
            "mutation SubmitReturn($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id } errors { code } } }",
            new { input = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;
        Assert.Empty(payload["errors"]!.AsArray());

        var server = await Eventually.FindAsync(() => spans.Snapshot().FirstOrDefault(s => s.TraceId == traceId && s.Kind == ActivityKind.Server));
        Assert.NotNull(server);
        var trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        output.WriteLine(SpanTree(trace, server));

        Assert.Equal("/graphql", server.GetTagItem("url.path"));
        var operation = Assert.Single(trace, s => s.Source.Name == GraphQLTelemetryProvider.SourceName && s.DisplayName == "mutation SubmitReturn");
        Assert.Equal(server.SpanId, operation.ParentSpanId);
        var commands = trace.Where(s => s.Source.Name == ResilienceTelemetry.SourceName).ToList();
        Assert.Contains(commands, c => Equals(c.GetTagItem("db.operation"), "SELECT"));
        Assert.Contains(commands, c => Equals(c.GetTagItem("db.operation"), "INSERT"));
        Assert.All(commands, command => Assert.Contains(operation, Ancestors(command, trace)));
        // The resolver of the mutation has its own span, beneath the operation, with the writes beneath it.
        var resolver = Assert.Single(trace, s => s.DisplayName == "resolve Mutation.submitSitrep");
        Assert.Equal(operation.SpanId, resolver.ParentSpanId);
        Assert.Contains(commands, c => Equals(c.GetTagItem("db.operation"), "INSERT") && Ancestors(c, trace).Contains(resolver));

        // 07:30Z on the 26th: the 07:00Z return was due at 07:15Z, so it is late.
        Assert.Equal(["1 acute_trust late"], received.GetMeasurementSnapshot().Select(m => $"{m.Value} {m.Tags["organisation.type"]} {m.Tags["timeliness"]}"));
    }

    [Fact]
    public async Task AFieldThatQueuesABatchHasASpanOverItsQueriesAndNoneWhenItsSourceAlreadyHoldsTheAnswer()
    {
        await using var scenario = await Scenario.StartAsync();
        var spans = new LockedCollection<Activity>();
        using var client = WithInMemoryExporter(scenario.Api, spans).CreateClient();
        var sitrepId = (await client.QueryAsync(
            "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id } } }",
            new { input = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!["id"]!.GetValue<string>();

        async Task<List<Activity>> TraceOf(string query, object variables)
        {
            var traceId = ActivityTraceId.CreateRandom();
            client.DefaultRequestHeaders.Remove("traceparent");
            client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            await client.QueryAsync(query, variables);
            Assert.NotNull(await Eventually.FindAsync(() => spans.Snapshot().FirstOrDefault(s => s.TraceId == traceId && s.Kind == ActivityKind.Server)));
            return [.. spans.Snapshot().Where(s => s.TraceId == traceId)];
        }

        // Asked of one return, its versions come from the database in a batch, beneath the field's span.
        var loaded = await TraceOf("query($id: ID!) { sitrep(id: $id) { versions { version } } }", new { id = sitrepId });
        var versions = Assert.Single(loaded, s => s.DisplayName == "resolve Sitrep.versions");
        Assert.Contains(loaded, s => s.ParentSpanId == versions.SpanId && Equals(s.GetTagItem("db.operation"), "SELECT"));

        // On the dashboard, each latest return carries its versions from the ledger: no query, so no span.
        var dashboard = await TraceOf(
            "query($id: ID!) { incident(id: $id) { dashboard { organisations { latest { versions { version } } } } } }", new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains(dashboard, s => s.DisplayName == "resolve Incident.dashboard");
        Assert.DoesNotContain(dashboard, s => s.DisplayName == "resolve Sitrep.versions");
    }

    [Fact]
    public async Task AReadinessProbeIsAnHttpServerSpanWithSqliteCommandSpansBeneathIt()
    {
        var spans = new LockedCollection<Activity>();
        await using var api = new ApiFactory();
        using var client = WithInMemoryExporter(api, spans).CreateClient();

        var response = await client.GetAsync("/health/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The server span ends just after the response is sent, so it may be exported a moment later.
        var server = await Eventually.FindAsync(() => spans.Snapshot().FirstOrDefault(s =>
            s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/health/ready")));
        Assert.NotNull(server);
        var commands = spans.Snapshot()
            .Where(s => s.Source.Name == ResilienceTelemetry.SourceName && s.ParentSpanId == server.SpanId)
            .ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, command =>
        {
            Assert.Equal(ActivityKind.Client, command.Kind);
            Assert.Equal(server.TraceId, command.TraceId);
            Assert.Equal("sqlite", command.GetTagItem("db.system"));
            Assert.Equal(command.DisplayName, command.GetTagItem("db.operation"));
            Assert.DoesNotContain(command.Tags, tag => tag.Key.Contains("statement", StringComparison.Ordinal)
                || tag.Key.StartsWith("db.query", StringComparison.Ordinal));
        });
        Assert.Contains(commands, command => Equals(command.GetTagItem("db.operation"), "SELECT"));
    }

    [Fact]
    public async Task AGraphQLOperationIsASpanWithItsLiteralsBlankedItsVariablesNowhereAndItsQueriesBeneathIt()
    {
        var spans = new LockedCollection<Activity>();
        await using var api = new ApiFactory();
        var services = WithInMemoryExporter(api, spans).Services;
        var executer = services.GetRequiredService<IDocumentExecuter<ResilienceSchema>>();
        await using var scope = services.CreateAsyncScope();

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = """
                query Lookup($ods: String) {
                  known: organisation(odsCode: "RNN") { name }
                  asked: organisation(odsCode: $ods) { name }
                }
                """,
            OperationName = "Lookup",
            Variables = new Inputs(new Dictionary<string, object?> { ["ods"] = "SECRET-VARIABLE" }),
            RequestServices = scope.ServiceProvider,
            // Straight to the executer, past HTTP: a director as the JWT handler would describe one.
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "Tracer"), new Claim("roles", "DIRECTOR")], "Test", "name", "roles")),
            CancellationToken = Cancellation,
        });
        Assert.True(result.Errors is null, string.Join("; ", result.Errors?.Select(e => e.InnerException?.Message ?? e.Message) ?? []));

        // The exporter sees every span of the process; other tests run operations of their own at the same time.
        var operation = Assert.Single(spans.Snapshot(), s => s.Source.Name == GraphQLTelemetryProvider.SourceName && s.DisplayName == "query Lookup");
        var document = Assert.IsType<string>(operation.GetTagItem("graphql.document"));
        Assert.Contains("organisation ( odsCode : \"\" )", document, StringComparison.Ordinal);
        Assert.DoesNotContain("RNN", document, StringComparison.Ordinal);
        Assert.DoesNotContain(spans.Snapshot().SelectMany(s => s.Tags), tag => tag.Value?.Contains("SECRET", StringComparison.Ordinal) == true);
        // The reference data is read from the database on first use, beneath the operation that needed it.
        Assert.Contains(spans.Snapshot(), s => s.Source.Name == ResilienceTelemetry.SourceName && s.ParentSpanId == operation.SpanId);
    }

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyList<Activity> trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    /// <summary>The trace as an indented list, each span with its source and kind, children in start order.</summary>
    private static string SpanTree(IReadOnlyList<Activity> trace, Activity root)
    {
        var text = new StringBuilder();
        void Write(Activity span, int depth)
        {
            var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId)?.DisplayName ?? "(the client)";
            text.Append(' ', depth * 2).Append(span.DisplayName)
                .Append("  [").Append(span.Source.Name).Append(", ").Append(span.Kind).Append("; parent: ").Append(parent).Append("]\n");
            foreach (var child in trace.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        Write(root, 0);
        return text.ToString();
    }

    private static WebApplicationFactory<Program> WithInMemoryExporter(ApiFactory api, LockedCollection<Activity> spans) =>
        api.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
}
