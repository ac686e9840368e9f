using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Sitreps;

public sealed class AmendSitrepTests : IAsyncLifetime
{
    private const string Submit = "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id version } errors { code } } }";

    private const string Amend = """
        mutation($input: AmendSitrepInput!) {
          amendSitrep(input: $input) {
            sitrep { id version currentVersion amendmentReason opelLevel submittedBy late
                     versions { version opelLevel amendmentReason submittedAt } }
            errors { code message field }
          }
        }
        """;

    private Scenario _scenario = null!;
    private string _sitrepId = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync(Scenario.FirstPeriod.AddMinutes(5));
        var data = await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) });
        _sitrepId = (string)data["submitSitrep"]!["sitrep"]!["id"]!;
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(40));
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private JsonObject Amendment(int expectedVersion, string reason = "ED count corrected after validation", int opelLevel = 3, string? key = null)
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        foreach (var name in new[] { "incidentId", "organisationId", "periodStartsAt" })
        {
            input.Remove(name);
        }

        input["sitrepId"] = _sitrepId;
        input["expectedVersion"] = expectedVersion;
        input["reason"] = reason;
        input["opelLevel"] = opelLevel;
        input["idempotencyKey"] = key;
        return input;
    }

    private async Task<JsonNode> AmendAsync(JsonObject input, HttpClient? client = null) =>
        (await (client ?? _scenario.Client).QueryAsync(Amend, new { input }))["amendSitrep"]!;

    private Task<int> VersionsAsync() => _scenario.CountAsync(db => db.SitrepVersions.CountAsync());

    [Fact]
    public async Task AnAmendmentAddsAVersionAndKeepsTheFirstAsItWas()
    {
        var payload = await AmendAsync(Amendment(expectedVersion: 1));

        Assert.Empty(payload["errors"]!.AsArray());
        var sitrep = payload["sitrep"]!;
        Assert.Equal(_sitrepId, (string?)sitrep["id"]);
        Assert.Equal((2, 2, 3), ((int)sitrep["version"]!, (int)sitrep["currentVersion"]!, (int)sitrep["opelLevel"]!));
        Assert.False((bool)sitrep["late"]!);
        var versions = sitrep["versions"]!.AsArray();
        Assert.Equal([1, 2], versions.Select(v => (int)v!["version"]!));
        Assert.Equal((2, (string?)null, "2016-04-26T07:05:00Z"), ((int)versions[0]!["opelLevel"]!, (string?)versions[0]!["amendmentReason"], (string?)versions[0]!["submittedAt"]));
        Assert.Equal("ED count corrected after validation", (string?)versions[1]!["amendmentReason"]);
        Assert.Equal(2, await VersionsAsync());
    }

    [Fact]
    public async Task AStaleExpectedVersionIsRefusedAsAConflictAndNothingIsStored()
    {
        await AmendAsync(Amendment(expectedVersion: 1));

        var payload = await AmendAsync(Amendment(expectedVersion: 1, opelLevel: 4));

        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("VERSION_CONFLICT", (string?)error["code"]);
        Assert.Equal(["expectedVersion"], error["field"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(2, await VersionsAsync());
    }

    [Theory]
    [InlineData("", "REASON_REQUIRED", "reason")]
    [InlineData("   ", "REASON_REQUIRED", "reason")]
    public async Task AnAmendmentWithoutAReasonIsRefused(string reason, string code, string field)
    {
        var payload = await AmendAsync(Amendment(expectedVersion: 1, reason: reason));

        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal((code, field), ((string?)error["code"], (string?)error["field"]![0]));
        Assert.Equal(1, await VersionsAsync());
    }

    [Fact]
    public async Task AnAmendmentBreakingTheCatalogueIsRefusedWithEveryProblem()
    {
        var input = Amendment(expectedVersion: 1, reason: new string('r', 501));
        input["measures"]![11]!["value"] = 500;

        var payload = await AmendAsync(input);

        Assert.Equal(["TEXT_TOO_LONG", "EXCEEDS_BOUND"], payload["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(1, await VersionsAsync());
    }

    [Fact]
    public async Task AnUnknownReturnIsRefused()
    {
        var input = Amendment(expectedVersion: 1);
        input["sitrepId"] = "98765";

        var payload = await AmendAsync(input);

        Assert.Equal("SITREP_NOT_FOUND", (string?)payload["errors"]![0]!["code"]);
        Assert.Equal(1, await VersionsAsync());
    }

    [Fact]
    public async Task ParallelAmendmentsOfOneVersionLetExactlyOneWin()
    {
        const int Writers = 12;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            using var client = _scenario.Api.CreateClient();
            return await AmendAsync(Amendment(expectedVersion: 1, reason: $"Correction {i}"), client);
        }));

        Assert.Single(results, r => r["sitrep"] is not null);
        Assert.All(results.Where(r => r["sitrep"] is null), r => Assert.Equal("VERSION_CONFLICT", (string?)r["errors"]![0]!["code"]));
        Assert.Equal(2, await VersionsAsync());
        Assert.Equal(2, await _scenario.CountAsync(db => db.Sitreps.Select(s => s.CurrentVersion).SingleAsync()));
    }

    [Fact]
    public async Task ARetriedAmendmentReturnsTheSameVersion()
    {
        var first = await AmendAsync(Amendment(expectedVersion: 1, key: "amend-retry"));

        var replay = await AmendAsync(Amendment(expectedVersion: 1, key: "amend-retry"));

        Assert.Empty(replay["errors"]!.AsArray());
        Assert.Equal((int)first["sitrep"]!["version"]!, (int)replay["sitrep"]!["version"]!);
        Assert.Equal(2, await VersionsAsync());
    }

    [Fact]
    public async Task AmendmentsCloseFourteenDaysAfterStandDownAsTheIncidentSays()
    {
        var stoodDown = Scenario.FirstPeriod.AddHours(2);
        await using (var db = Contexts.Sqlite(_scenario.Api.DatabasePath))
        {
            await db.Incidents.ExecuteUpdateAsync(i => i.SetProperty(x => x.StoodDownAt, stoodDown), TestContext.Current.CancellationToken);
        }

        _scenario.Api.Time.SetUtcNow(stoodDown.AddDays(14));
        var allowed = await AmendAsync(Amendment(expectedVersion: 1));
        _scenario.Api.Time.Advance(TimeSpan.FromSeconds(1));
        var refused = await AmendAsync(Amendment(expectedVersion: 2));

        Assert.Empty(allowed["errors"]!.AsArray());
        Assert.Equal("AMENDMENT_WINDOW_CLOSED", (string?)refused["errors"]![0]!["code"]);
        Assert.Equal(2, await VersionsAsync());
        var incident = await _scenario.Client.QueryAsync("query($id: ID!) { incident(id: $id) { amendableUntil } }",
            new { id = _scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal("2016-05-10T09:00:00Z", (string?)incident["incident"]!["amendableUntil"]);
    }
}
