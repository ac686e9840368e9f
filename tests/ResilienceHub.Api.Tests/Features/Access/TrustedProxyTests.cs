using System.Net.Http.Headers;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>On a real port, from the loopback: the audit trail records the address the API believes the caller has.</summary>
public class TrustedProxyTests
{
    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }";

    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("127.0.0.1", "203.0.113.7")]
    [InlineData("10.9.9.9", "127.0.0.1")]
    public async Task TheClientsAddressIsTakenFromXForwardedForOnlyWhenThePeerIsATrustedProxy(string? trustedProxy, string recorded)
    {
        await using var scenario = await Scenario.StartAsync(configure: api =>
        {
            if (trustedProxy is not null)
            {
                api.With("ForwardedHeaders:KnownProxies:0", trustedProxy);
            }

            api.UseKestrel(0);
        });
        scenario.Api.StartServer();
        using var client = new HttpClient { BaseAddress = scenario.Api.GraphQLEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.Token("Proxied director", ["DIRECTOR"], []));
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var payload = (await client.QueryAsync(Submit, new { i = scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;
        Assert.Empty(payload["errors"]!.AsArray());

        var trail = await client.QueryAsync("{ auditTrail(first: 1) { edges { node { actor clientAddress } } } }");
        var entry = trail["auditTrail"]!["edges"]![0]!["node"]!;
        Assert.Equal("Proxied director", (string?)entry["actor"]);
        Assert.Equal(recorded, (string?)entry["clientAddress"]);
    }

    [Fact]
    public async Task AProxyThatIsNotAnAddressStopsTheStartNamingTheSetting()
    {
        await using var api = new ApiFactory().With("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33");

        var refused = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownNetworks:0 is '10.0.0.0/33'", refused.ToString(), StringComparison.Ordinal);
    }
}
