using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class StandDownIncidentTests : IAsyncDisposable
{
    private readonly ApiFactory _api = new();
    private HttpClient Client => field ??= _api.CreateClient();

    [Fact]
    public async Task StandingDownMakesTheIncidentStoodDownFromNow()
    {
        var id = (string)(await Client.DeclareStrikeAsync())["id"]!;
        _api.Time.SetUtcNow(new DateTimeOffset(2016, 5, 11, 16, 30, 0, TimeSpan.Zero));

        var payload = await Client.StandDownAsync(id);

        Assert.Empty(payload["errors"]!.AsArray());
        Assert.Equal("STOOD_DOWN", (string?)payload["incident"]!["status"]);
        var incident = await Client.IncidentAsync(id);
        Assert.Equal("STOOD_DOWN", (string?)incident["status"]);
        Assert.Equal("2016-05-11T16:30:00Z", (string?)incident["stoodDownAt"]);
    }

    [Fact]
    public async Task ASecondStandDownIsRefusedAndKeepsTheFirstTime()
    {
        var id = (string)(await Client.DeclareStrikeAsync())["id"]!;
        await Client.StandDownAsync(id);
        _api.Time.Advance(TimeSpan.FromHours(1));

        var payload = await Client.StandDownAsync(id);

        Assert.Null(payload["incident"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("ALREADY_STOOD_DOWN", (string?)error["code"]);
        Assert.Equal(["incidentId"], error.Field());
        Assert.Equal("2016-04-26T07:30:00Z", (string?)(await Client.IncidentAsync(id))["stoodDownAt"]);
    }

    [Theory]
    [InlineData("4242")]
    [InlineData("not-an-id")]
    public async Task AnUnknownIncidentIsRefused(string id)
    {
        var payload = await Client.StandDownAsync(id);

        Assert.Null(payload["incident"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("INCIDENT_NOT_FOUND", (string?)error["code"]);
        Assert.Equal(["incidentId"], error.Field());
    }

    [Fact]
    public async Task OfManyParallelStandDownsExactlyOneSucceeds()
    {
        var id = (string)(await Client.DeclareStrikeAsync())["id"]!;

        var payloads = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Client.StandDownAsync(id)));

        Assert.Single(payloads, p => p["incident"] is not null);
        Assert.Equal(11, payloads.Count(p => p.Codes().SequenceEqual(["ALREADY_STOOD_DOWN"])));
        Assert.Equal("STOOD_DOWN", (string?)(await Client.IncidentAsync(id))["status"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
