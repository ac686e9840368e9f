using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

public sealed class HttpAuditTests(GraphQLTestServer server)
{
    [Fact]
    public async Task PassesEveryGraphQLOverHttpAuditWithoutWarnings()
    {
        var results = await NodeConformance.RunHttpAuditAsync(server.GraphQLEndpoint, TestContext.Current.CancellationToken);

        var failures = results.Where(r => r.Status is "error" or "warn").ToList();
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {results.Count} audits failed or warned:\n{string.Join('\n', failures)}");
        // Guards against a suite that silently ran nothing.
        Assert.True(results.Count(r => r.Status == "ok") > 40, $"only {results.Count} audits ran");
        TestContext.Current.SendDiagnosticMessage($"graphql-http audits: {results.Count(r => r.Status == "ok")} ok, " +
            $"{results.Count(r => r.Status == "notice")} notices of {results.Count}");
    }
}
