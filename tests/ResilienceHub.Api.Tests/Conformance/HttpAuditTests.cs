using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

namespace ResilienceHub.Api.Tests.Conformance;

public class HttpAuditTests
{
    [Fact]
    public async Task TheApiOnARealPortPassesEveryGraphQLOverHttpAuditWithoutWarnings()
    {
        // Some audits introspect without a token, which a deployment allows only when it says so.
        await using var api = new ApiFactory().With("GraphQL:AnonymousIntrospection", "true");
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var results = await NodeConformance.RunHttpAuditAsync(new Uri(new Uri(address), "/graphql"), TestContext.Current.CancellationToken);

        var failures = results.Where(r => r.Status is "error" or "warn").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {results.Count} audits failed or warned:\n{string.Join('\n', failures)}");
        Assert.True(results.Count(r => r.Status == "ok") > 40, $"only {results.Count} audits ran");
        TestContext.Current.SendDiagnosticMessage(
            $"graphql-http audits against the API: {results.Count(r => r.Status == "ok")} ok, {results.Count(r => r.Status == "notice")} notices of {results.Count}");
    }
}
