using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Features.Live;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>What HTTP enforces, the WebSocket enforces too, with a real graphql-ws client on a real port.</summary>
public sealed class WebSocketProbes
{
    private static async Task<Scenario> StartAsync(params (string Key, string Value)[] settings) =>
        await Scenario.StartAsync(configure: api =>
        {
            foreach (var (key, value) in settings)
            {
                api.With(key, value);
            }

            api.UseKestrel(0);
        });

    private static object As(string token) => new { connectionParams = new { authorization = "Bearer " + token } };

    [Fact]
    public async Task EveryOperationOnASocketDrawsOnTheCallersRateLimit()
    {
        await using var scenario = await StartAsync(("RateLimiting:PermitLimit", "4"), ("RateLimiting:Window", "00:10:00"));
        await using var session = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(ApiFactory.Token("Busy viewer", [Roles.Viewer], [])));
        await session.WaitForAsync("connected");

        // The upgrade, anonymous until connection_init carried the token, drew on the address; four operations take the viewer's permits.
        for (var i = 0; i < 4; i++)
        {
            await session.SubscribeAsync($"q{i}", "{ incidents { id } }");
            await session.WaitForAsync("next", $"q{i}");
        }

        await session.SubscribeAsync("over", "{ incidents { id } }");
        var refused = await session.WaitForAsync("error", "over");

        Assert.Equal(RateLimits.Code, (string?)refused["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ASocketIsClosedWith4403WhenItsTokenExpires()
    {
        await using var scenario = await StartAsync();
        var token = ApiFactory.Token("Director on the socket", [Roles.Director], []);
        var expires = DateTimeOffset.FromUnixTimeSeconds(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).GetPayloadValue<long>("exp"));
        await using var session = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(token));
        await session.WaitForAsync("connected");
        await session.SubscribeAsync("live", "subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id } }", new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await LiveClient.WaitForSubscribersAsync(scenario.Api, 1);

        // The API's clock passes the token's expiry and the allowed skew.
        scenario.Api.Time.SetUtcNow(expires + TimeSpan.FromMinutes(1));
        var closed = await session.WaitForAsync("closed");

        Assert.Equal(4403, (int?)closed["code"]);
        await LiveClient.WaitForSubscribersAsync(scenario.Api, 0);
    }

    [Fact]
    public async Task AnIdentityMayHoldOnlySoManySockets()
    {
        await using var scenario = await StartAsync(("LiveUpdates:MaxConnectionsPerIdentity", "2"));
        var token = ApiFactory.Token("Many tabs", [Roles.Viewer], []);
        await using var first = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(token));
        await using var second = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(token));
        await first.WaitForAsync("connected");
        await second.WaitForAsync("connected");

        await using var third = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(token));
        var closed = await third.WaitForAsync("closed");
        await using var someoneElse = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint, As(ApiFactory.Token("Another viewer", [Roles.Viewer], [])));

        Assert.Equal(1013, (int?)closed["code"]);
        await someoneElse.WaitForAsync("connected");
    }

    [Fact]
    public async Task AnonymousMutationsOverASocketAreCountedNotWrittenOneByOne()
    {
        await using var scenario = await StartAsync();
        await using var session = NodeConformance.StartSession(scenario.Api.GraphQLEndpoint);
        await session.WaitForAsync("connected");

        for (var i = 0; i < 30; i++)
        {
            await session.SubscribeAsync($"m{i}", $"mutation {{ standDownIncident(incidentId: \"{scenario.IncidentId}\") {{ errors {{ code }} }} }}");
            await session.WaitForAsync("error", $"m{i}");
        }

        Assert.Equal(0, await scenario.CountAsync(db => db.AuditEntries.CountAsync()));
        scenario.Api.Time.Advance(AnonymousRefusals.Interval);
        Assert.True(await Eventually.FindAsync(async () => await scenario.CountAsync(db => db.AuditEntries.CountAsync()) == 1, TimeSpan.FromSeconds(10)));
        await using var db = Contexts.Sqlite(scenario.Api.DatabasePath);
        var summary = await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("30 refused attempts to write without a token", summary.Detail, StringComparison.Ordinal);
        Assert.Null(await db.Incidents.Select(i => i.StoodDownAt).SingleAsync(TestContext.Current.CancellationToken));
    }
}
