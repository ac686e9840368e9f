using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>A refused write is kept, but no request, however many writes it carries, writes more than one audit row.</summary>
public sealed class AuditAmplificationProbes : IAsyncLifetime
{
    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync();

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private static string Repeated(string field, int times) => "mutation { " + string.Concat(Enumerable.Repeat(field + " ", times)) + "}";

    private async Task<List<AuditEntry>> ReadAsync()
    {
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        return await db.AuditEntries.OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnonymousDocumentsOfManyStandDownsWriteNoRowButAreCountedIntoOneEntryAMinute()
    {
        using var anonymous = _scenario.Api.CreateAnonymousClient();
        var document = Repeated($"standDownIncident(incidentId: \"{_scenario.IncidentId}\") {{ errors {{ code }} }}", 20);
        // A thousand copies are past the document limits, and refused as such: counted the same way.
        var flood = Repeated($"standDownIncident(incidentId: \"{_scenario.IncidentId}\") {{ errors {{ code }} }}", 1000);

        Assert.Contains(NotAuthenticated, (await anonymous.PostGraphQLAsync(document)).ErrorCodes);
        Assert.Contains(NotAuthenticated, (await anonymous.PostGraphQLAsync(document)).ErrorCodes);
        Assert.Equal(["MAX_SELECTIONS_EXCEEDED"], (await anonymous.PostGraphQLAsync(flood)).ErrorCodes);

        Assert.Empty(await ReadAsync());
        _scenario.Api.Time.Advance(AnonymousRefusals.Interval);
        Assert.True(await Eventually.FindAsync(async () => (await ReadAsync()).Count > 0, TimeSpan.FromSeconds(10)), "no summary was written");
        var summary = Assert.Single(await ReadAsync());
        Assert.Equal(("anonymous", AuditActions.AnonymousWrites, AuditOutcomes.Forbidden), (summary.Actor, summary.Action, summary.Outcome));
        Assert.StartsWith("3 refused attempts to write without a token", summary.Detail, StringComparison.Ordinal);
        Assert.Contains("STAND_DOWN_INCIDENT 3", summary.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await _scenario.CountAsync(db => db.Incidents.CountAsync(i => i.StoodDownAt != null)));
    }

    [Fact]
    public async Task ASignedInCallersDocumentOfManyRefusalsIsOneRowSayingHowMany()
    {
        using var viewer = _scenario.Api.CreateClientAs("Regional desk", "VIEWER");

        var response = await viewer.PostGraphQLAsync(Repeated($"standDownIncident(incidentId: \"{_scenario.IncidentId}\") {{ errors {{ code }} }}", 20));

        Assert.Contains(NotAuthorized, response.ErrorCodes);
        var entry = Assert.Single(await ReadAsync());
        Assert.Equal(("Regional desk", "Regional desk", AuditOutcomes.Forbidden), (entry.Actor, entry.ActorSubject, entry.Outcome));
        Assert.Contains("20 writes (standDownIncident ×20)", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReporterMaySendOneWriteARequestAndADirectorABatchWhoseRefusalsAreOneRow()
    {
        await using var later = await Scenario.StartAsync(now: new DateTimeOffset(2016, 4, 26, 8, 30, 0, TimeSpan.Zero));
        (_scenario, var first) = (later, _scenario);
        await first.DisposeAsync();
        using var reporter = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");
        var two = "mutation($a: SubmitSitrepInput!, $b: SubmitSitrepInput!) { a: submitSitrep(input: $a) { errors { code } } b: submitSitrep(input: $b) { errors { code } } }";
        var variables = new { a = _scenario.AcuteReturn(Scenario.FirstPeriod), b = _scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1)) };

        var refused = await reporter.PostGraphQLAsync(two, variables);
        var batch = await _scenario.Client.PostGraphQLAsync(
            "mutation($a: SubmitSitrepInput!, $b: SubmitSitrepInput!) { a: submitSitrep(input: $a) { errors { code } } b: submitSitrep(input: $b) { errors { code } } }",
            new { a = WithNegativeValue(_scenario.AcuteReturn(Scenario.FirstPeriod)), b = WithNegativeValue(_scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1))) });

        Assert.Equal(["MAX_WRITES_EXCEEDED"], refused.ErrorCodes);
        Assert.Null(batch.Errors);
        Assert.Equal("NEGATIVE_VALUE", (string?)batch.Data!["b"]!["errors"]![0]!["code"]);
        Assert.Equal(0, await _scenario.CountAsync(db => db.SitrepVersions.CountAsync()));
        var entries = await ReadAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal((AuditActions.SubmitSitrep, AuditOutcomes.Refused), (entries[0].Action, entries[0].Outcome));
        Assert.Contains("MAX_WRITES_EXCEEDED", entries[0].Detail, StringComparison.Ordinal);
        Assert.Equal((ApiFactory.DirectorName, AuditOutcomes.Refused), (entries[1].Actor, entries[1].Outcome));
        Assert.StartsWith("2 writes refused in one request (SUBMIT_SITREP REFUSED ×2); the first: NEGATIVE_VALUE", entries[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteRefusedForWhatItSentIsKeptWithItsCodes()
    {
        using var reporter = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");
        var input = WithNegativeValue(_scenario.AcuteReturn(Scenario.FirstPeriod));
        input["opelLevel"] = 7;

        var response = await reporter.QueryAsync(Submit, new { input });

        Assert.Equal(2, response["submitSitrep"]!["errors"]!.AsArray().Count);
        var entry = Assert.Single(await ReadAsync());
        Assert.Equal((AuditActions.SubmitSitrep, AuditOutcomes.Refused, "RNL", _scenario.IncidentId), (entry.Action, entry.Outcome, entry.OnBehalfOf, entry.IncidentId!.Value));
        Assert.Equal("OPEL_LEVEL_OUT_OF_RANGE, NEGATIVE_VALUE", entry.Detail);
    }

    private static System.Text.Json.Nodes.JsonObject WithNegativeValue(System.Text.Json.Nodes.JsonObject input)
    {
        input["measures"]![0]!["value"] = -1;
        return input;
    }
}
