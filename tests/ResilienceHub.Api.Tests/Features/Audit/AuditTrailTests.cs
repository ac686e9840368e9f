using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Features.Incidents;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Features.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string Trail = "query($after: String) { auditTrail(first: 50, after: $after) { edges { cursor node { action outcome actor roles onBehalfOf clientAddress occurredAt version detail incident { reference } sitrep { id } } } pageInfo { hasNextPage endCursor } } }";

    private Scenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync();

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private async Task<List<JsonNode>> TrailAsync() =>
        [.. (await _scenario.Client.QueryAsync(Trail))["auditTrail"]!["edges"]!.AsArray().Select(e => e!["node"]!)];

    /// <summary>Every kind of write, accepted and refused, by the callers who would make them.</summary>
    private async Task PlayEveryWriteAsync()
    {
        using var rnl = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");
        using var rnn = _scenario.Api.CreateClientAs("Patient flow coordinator, RNN", "REPORTER", "RNN");
        using var viewer = _scenario.Api.CreateClientAs("Regional desk", "VIEWER");

        var declared = await _scenario.Client.DeclareStrikeAsync();
        var sitrepId = (string)(await rnl.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!["sitrep"]!["id"]!;
        Assert.Empty((await _scenario.Client.QueryAsync(Amend, new { input = Amendment(sitrepId, 1) }))["amendSitrep"]!["errors"]!.AsArray());
        Assert.Equal([NotAuthorized], (await rnn.PostGraphQLAsync(Amend, new { input = Amendment(sitrepId, 2) })).ErrorCodes);
        Assert.Equal([NotAuthorized], (await viewer.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod.AddHours(1)) })).ErrorCodes);
        Assert.Empty((await _scenario.Client.StandDownAsync((string)declared["id"]!))["errors"]!.AsArray());
    }

    [Fact]
    public async Task EveryWriteAndEveryRefusedWriteIsRecordedWithWhoForWhomWhenAndWhat()
    {
        await PlayEveryWriteAsync();

        var trail = await TrailAsync();

        string[] expected =
        [
            "STAND_DOWN_INCIDENT ACCEPTED Test director",
            "SUBMIT_SITREP FORBIDDEN Regional desk",
            "AMEND_SITREP FORBIDDEN Patient flow coordinator, RNN",
            "AMEND_SITREP ACCEPTED Test director",
            "SUBMIT_SITREP ACCEPTED Site manager, RNL",
            "DECLARE_INCIDENT ACCEPTED Test director",
        ];
        Assert.Equal(expected, trail.Select(e => $"{e["action"]} {e["outcome"]} {e["actor"]}"));
        Assert.All(trail, e => Assert.Equal("2016-04-26T07:30:00Z", (string?)e["occurredAt"]));
        var submitted = trail[4];
        Assert.Equal("RNL", (string?)submitted["onBehalfOf"]);
        Assert.Equal(["REPORTER"], submitted["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(1, (int?)submitted["version"]);
        Assert.Equal(Scenario.Reference, (string?)submitted["incident"]!["reference"]);
        Assert.NotNull(submitted["sitrep"]!["id"]);
        Assert.Equal(2, (int?)trail[3]["version"]);
        Assert.Equal("Corrected after a phone call", (string?)trail[3]["detail"]);
        Assert.Equal("RNL", (string?)trail[2]["onBehalfOf"]);
        Assert.Equal("NCSRG-2016-05-JDIA", (string?)trail[5]["incident"]!["reference"]);
    }

    [Fact]
    public async Task TheClientAddressIsRecorded()
    {
        await using var api = new ApiFactory();
        api.UseKestrel(0);
        api.StartServer();
        using var director = api.CreateClient();

        await director.DeclareStrikeAsync();

        await using var db = Contexts.Sqlite(api.DatabasePath);
        var entry = await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);
        Assert.True(entry.ClientAddress is "127.0.0.1" or "::1" or "::ffff:127.0.0.1", entry.ClientAddress);
    }

    [Fact]
    public async Task TheTrailPagesNewestFirstWithCursors()
    {
        await PlayEveryWriteAsync();

        var first = (await _scenario.Client.QueryAsync("{ auditTrail(first: 4) { edges { node { id } } pageInfo { hasNextPage endCursor } } }"))["auditTrail"]!;
        var rest = (await _scenario.Client.QueryAsync("query($after: String) { auditTrail(first: 4, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }",
            new { after = (string)first["pageInfo"]!["endCursor"]! }))["auditTrail"]!;

        var ids = first["edges"]!.AsArray().Concat(rest["edges"]!.AsArray()).Select(e => int.Parse((string)e!["node"]!["id"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.True((bool)first["pageInfo"]!["hasNextPage"]!);
        Assert.False((bool)rest["pageInfo"]!["hasNextPage"]!);
        Assert.Equal(6, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task NothingInTheApiCanChangeOrRemoveAnEntry()
    {
        await PlayEveryWriteAsync();
        var before = await _scenario.CountAsync(db => db.AuditEntries.CountAsync());

        var mutations = (await _scenario.Client.QueryAsync("{ __schema { mutationType { fields { name } } } }"))["__schema"]!["mutationType"]!["fields"]!.AsArray()
            .Select(f => (string)f!["name"]!).ToList();
        var attempt = await _scenario.Client.PostGraphQLAsync("mutation { deleteAuditEntry(id: \"1\") { id } }");
        var inputTypes = (await _scenario.Client.QueryAsync("{ __schema { types { name kind } } }"))["__schema"]!["types"]!.AsArray()
            .Where(t => (string?)t!["kind"] == "INPUT_OBJECT").Select(t => (string)t!["name"]!);

        // Each write the API offers, so that a new one is weighed against this test; none of them names the trail.
        Assert.Equal(
            ["amendSitrep", "correctLogEntry", "declareIncident", "deleteExercise", "raiseAction", "recordLogEntry", "removeContact", "saveContact", "saveMeasure", "saveOrganisation", "saveResilienceGroup", "signOffSitrep", "standDownIncident", "startReplayExercise", "submitSitrep", "updateAction"],
            mutations.Order());
        Assert.DoesNotContain(inputTypes, name => name.Contains("Audit", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(attempt.Errors);
        Assert.Null(attempt.Data);
        Assert.Equal(6, before);
        // The attempt above is itself kept, as a refused write; nothing before it changed.
        Assert.Equal(before + 1, await _scenario.CountAsync(db => db.AuditEntries.CountAsync()));
        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var last = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(("UNKNOWN_WRITE", "REFUSED"), (last.Action, last.Outcome));
    }
}
