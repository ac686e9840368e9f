using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using GraphQL;
using GraphQL.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Observability;

// The end-to-end trace of a submission (HTTP → GraphQL → database) is asserted once the GraphQL endpoint
// and the submitSitrep mutation exist; until then the two halves are asserted here on their own.
public class TracingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

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

    private static WebApplicationFactory<Program> WithInMemoryExporter(ApiFactory api, LockedCollection<Activity> spans) =>
        api.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
}
