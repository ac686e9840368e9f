using System.Net;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.GraphQL;

public sealed class RateLimitTests
{
    [Fact]
    public async Task ACallerOverItsLimitGets429WithRetryAfterWhileOthersAreStillServed()
    {
        await using var api = new ApiFactory().With("RateLimiting:PermitLimit", "3").With("RateLimiting:Window", "00:10:00");
        using var busy = api.CreateClientAs("Busy dashboard", "VIEWER");
        using var other = api.CreateClientAs("Another reader", "VIEWER");
        using var sameTrustOtherUser = api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await busy.PostGraphQLAsync("{ incidents { id } }")).StatusCode);
        }

        var refused = await busy.PostGraphQLAsync("{ incidents { id } }");
        using var raw = await busy.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal((int)HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(["RATE_LIMITED"], refused.ErrorCodes);
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.InRange(raw.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        // Identities, not addresses, are the partitions: every client here shares one address.
        Assert.Equal(200, (await other.PostGraphQLAsync("{ incidents { id } }")).StatusCode);
        Assert.Equal(200, (await sameTrustOtherUser.PostGraphQLAsync("{ incidents { id } }")).StatusCode);
        Assert.Equal(200, (await api.CreateAnonymousClient().PostGraphQLAsync("{ __typename }")).StatusCode);
    }

    [Fact]
    public async Task HealthProbesAreNotRateLimited()
    {
        await using var api = new ApiFactory().With("RateLimiting:PermitLimit", "1");
        using var client = api.CreateAnonymousClient();

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
