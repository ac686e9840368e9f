using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Log;

/// <summary>An incident's actions through HTTP: raised by directors, updated from a version, every change kept, and readable as they stood.</summary>
public sealed class IncidentActionTests : IAsyncLifetime
{
    private const string Raise = """
        mutation($input: RaiseActionInput!) {
          raiseAction(input: $input) {
            action { id number title owner { odsCode } ownerName dueAt status overdue version raisedBy decision { number } updates { status } }
            errors { code message field }
          }
        }
        """;

    private const string Update = """
        mutation($input: UpdateActionInput!) {
          updateAction(input: $input) {
            action { id status version updates { at by status note } }
            errors { code message field }
          }
        }
        """;

    private const string Actions = """
        query($id: ID!, $asOf: DateTime, $status: ActionStatus) {
          incident(id: $id) { actions(asOf: $asOf, status: $status) { number status version overdue updates { status } } }
        }
        """;

    private Scenario _scenario = null!;

    private string IncidentId => _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

    private DateTime Now => _scenario.Api.Time.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddHours(3)));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private static string Iso(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject Action(string title = "Call in consultants from the elective list", object? extra = null)
    {
        var input = new JsonObject
        {
            ["incidentId"] = IncidentId, ["title"] = title, ["ownerId"] = _scenario.Acute.ToString(CultureInfo.InvariantCulture),
            ["ownerName"] = "Medical director", ["dueAt"] = Iso(Now.AddHours(1)),
        };
        foreach (var (name, value) in extra is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
        {
            input[name] = value?.DeepClone();
        }

        return input;
    }

    private async Task<JsonNode> RaiseAsync(JsonObject input, HttpClient? client = null) =>
        (await (client ?? _scenario.Client).QueryAsync(Raise, new { input }))["raiseAction"]!;

    private async Task<JsonNode> UpdateAsync(object input, HttpClient? client = null) =>
        (await (client ?? _scenario.Client).QueryAsync(Update, new { input }))["updateAction"]!;

    private async Task<JsonArray> ActionsAsync(DateTime? asOf = null, string? status = null) =>
        (await _scenario.Client.QueryAsync(Actions, new { id = IncidentId, asOf = asOf is { } at ? Iso(at) : null, status }))["incident"]!["actions"]!.AsArray();

    private static string Code(JsonNode payload) => (string)payload["errors"]![0]!["code"]!;

    [Fact]
    public async Task AnActionIsRaisedOpenUpdatedFromItsVersionAndReadableAsItStood()
    {
        var decision = (string)(await _scenario.Client.QueryAsync(DecisionLogTests.Record, new
        {
            input = new { incidentId = IncidentId, kind = "DECISION", summary = "Bring consultants in to cover ED" },
        }))["recordLogEntry"]!["entry"]!["id"]!;

        var raised = await RaiseAsync(Action(extra: new { decisionId = decision }));

        Assert.Empty(raised["errors"]!.AsArray());
        var action = raised["action"]!;
        Assert.Equal(1, (int)action["number"]!);
        Assert.Equal("OPEN", (string)action["status"]!);
        Assert.Equal(1, (int)action["version"]!);
        Assert.Equal("RNL", (string)action["owner"]!["odsCode"]!);
        Assert.Equal(1, (int)action["decision"]!["number"]!);
        var raisedAt = Now;

        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(30));
        var done = await UpdateAsync(new { actionId = (string)action["id"]!, expectedVersion = 1, status = "DONE", note = "Four consultants in" });
        Assert.Empty(done["errors"]!.AsArray());
        Assert.Equal(2, (int)done["action"]!["version"]!);
        Assert.Equal("Four consultants in", (string)done["action"]!["updates"]![0]!["note"]!);
        Assert.Equal(ApiFactory.DirectorName, (string)done["action"]!["updates"]![0]!["by"]!);

        var stale = await UpdateAsync(new { actionId = (string)action["id"]!, expectedVersion = 1, status = "CANCELLED" });
        Assert.Equal("VERSION_CONFLICT", Code(stale));
        Assert.Equal("expectedVersion", (string)stale["errors"]![0]!["field"]![0]!);

        var then = (await ActionsAsync(asOf: raisedAt.AddMinutes(10)))[0]!;
        Assert.Equal("OPEN", (string)then["status"]!);
        Assert.Equal(1, (int)then["version"]!);
        Assert.Empty(then["updates"]!.AsArray());
        Assert.Equal("DONE", (string)(await ActionsAsync())[0]!["status"]!);
        Assert.Empty(await ActionsAsync(asOf: raisedAt.AddMinutes(-1)));
        Assert.Empty(await ActionsAsync(status: "OPEN"));
        Assert.Single(await ActionsAsync(status: "DONE"));
    }

    [Fact]
    public async Task AnOpenActionPastItsDueTimeIsOverdueAndAReplayShowsWhenItWasNot()
    {
        var raised = (await RaiseAsync(Action()))["action"]!;
        Assert.False((bool)raised["overdue"]!);
        var beforeDue = Now.AddMinutes(59);

        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(61));

        Assert.True((bool)(await ActionsAsync())[0]!["overdue"]!);
        Assert.False((bool)(await ActionsAsync(asOf: beforeDue))[0]!["overdue"]!);
    }

    [Fact]
    public async Task AnOverdueActionIsADashboardAlertUntilItIsDoneAndReplaysShowItAsItWas()
    {
        const string Alerts = "query($id: ID!, $asOf: DateTime) { incident(id: $id) { dashboard(asOf: $asOf) { alerts { kind severity message at organisation { odsCode } } } } }";
        async Task<List<JsonNode>> OverdueAsync(DateTime? asOf = null) =>
            [.. (await _scenario.Client.QueryAsync(Alerts, new { id = IncidentId, asOf = asOf is { } at ? Iso(at) : null }))["incident"]!["dashboard"]!["alerts"]!
                .AsArray().Select(a => a!).Where(a => (string?)a["kind"] == "ACTION_OVERDUE")];
        var id = (string)(await RaiseAsync(Action()))["action"]!["id"]!;
        var due = Now.AddHours(1);
        Assert.Empty(await OverdueAsync());

        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(90));
        var overdue = Assert.Single(await OverdueAsync());
        Assert.Equal(("WARNING", "RNL", Iso(due)), ((string)overdue["severity"]!, (string)overdue["organisation"]!["odsCode"]!, (string)overdue["at"]!));
        // 11:00Z is 12:00 in April's British Summer Time, the incident's own clock.
        Assert.Equal(
            "Action 1 (Call in consultants from the elective list), owned by North Cumbria University Hospitals NHS Trust, Medical director, was due at 12:00 and is still open.",
            (string)overdue["message"]!);

        await UpdateAsync(new { actionId = id, expectedVersion = 1, status = "DONE" });
        var doneAt = Now;
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await OverdueAsync());
        Assert.Single(await OverdueAsync(doneAt.AddMinutes(-1)));
        Assert.Empty(await OverdueAsync(due.AddMinutes(-1)));
    }

    [Fact]
    public async Task ReopeningAClosedActionNeedsANote()
    {
        var id = (string)(await RaiseAsync(Action()))["action"]!["id"]!;
        await UpdateAsync(new { actionId = id, expectedVersion = 1, status = "CANCELLED" });

        var bare = await UpdateAsync(new { actionId = id, expectedVersion = 2, status = "OPEN" });
        Assert.Equal("NOTE_REQUIRED", Code(bare));
        var noted = await UpdateAsync(new { actionId = id, expectedVersion = 2, status = "OPEN", note = "Cancelled by mistake" });
        Assert.Empty(noted["errors"]!.AsArray());
        Assert.Equal("CANCELLED OPEN", string.Join(' ', noted["action"]!["updates"]!.AsArray().Select(u => (string)u!["status"]!)));

        var unchanged = await UpdateAsync(new { actionId = id, expectedVersion = 3, status = "OPEN" });
        Assert.Equal("NOTHING_CHANGED", Code(unchanged));
        Assert.Equal(2, await _scenario.CountAsync(db => db.Set<Api.Features.Log.ActionUpdate>().CountAsync()));
    }

    [Fact]
    public async Task OfTwoUpdatesFromTheSameVersionOneWins()
    {
        var id = (string)(await RaiseAsync(Action()))["action"]!["id"]!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            UpdateAsync(new { actionId = id, expectedVersion = 1, status = i % 2 == 0 ? "DONE" : "CANCELLED", note = $"Writer {i}" })));

        Assert.Single(results, r => r["errors"]!.AsArray().Count == 0);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("VERSION_CONFLICT", Code(r)));
        Assert.Equal(1, await _scenario.CountAsync(db => db.Set<Api.Features.Log.ActionUpdate>().CountAsync()));
    }

    [Fact]
    public async Task ConcurrentlyRaisedActionsAreNumberedWithoutGaps()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => RaiseAsync(Action($"Action {i}"))));

        Assert.All(results, r => Assert.Empty(r["errors"]!.AsArray()));
        Assert.Equal(Enumerable.Range(1, 16), results.Select(r => (int)r["action"]!["number"]!).Order());
    }

    [Fact]
    public async Task AReporterUpdatesTheActionsItsOrganisationOwnsAndNoOthers()
    {
        var ours = (string)(await RaiseAsync(Action()))["action"]!["id"]!;
        var theirs = (string)(await RaiseAsync(Action("Open the minor injuries unit late", new { ownerId = _scenario.Organisations["RNN"].ToString(CultureInfo.InvariantCulture) })))["action"]!["id"]!;
        using var reporter = _scenario.Api.CreateClient("REPORTER", "RNL");

        var own = await UpdateAsync(new { actionId = ours, expectedVersion = 1, status = "DONE" }, reporter);
        Assert.Empty(own["errors"]!.AsArray());
        Assert.Equal("Test reporter", (string)own["action"]!["updates"]![0]!["by"]!);

        var other = await reporter.PostGraphQLAsync(Update, new { input = new { actionId = theirs, expectedVersion = 1, status = "DONE" } });
        Assert.Equal(["AUTH_NOT_AUTHORIZED"], other.ErrorCodes);
        var raisedByReporter = await reporter.PostGraphQLAsync(Raise, new { input = Action() });
        Assert.Equal(["AUTH_NOT_AUTHORIZED"], raisedByReporter.ErrorCodes);
        Assert.Equal(1, await _scenario.CountAsync(db => db.Set<Api.Features.Log.ActionUpdate>().CountAsync()));
    }

    public static TheoryData<string, string, string> BadActions() => new()
    {
        { """{"title": ""}""", "TITLE_REQUIRED", "title" },
        { """{"ownerId": null, "ownerName": null}""", "OWNER_REQUIRED", "ownerId" },
        { """{"ownerId": "LOCAL-CCC-ASC"}""", "ORGANISATION_NOT_FOUND", "ownerId" },
        { """{"dueAt": "2016-04-26T09:00:00Z"}""", "DUE_IN_PAST", "dueAt" },
        { """{"decisionId": "12345"}""", "DECISION_NOT_FOUND", "decisionId" },
        { """{"incidentId": "12345"}""", "INCIDENT_NOT_FOUND", "incidentId" },
        { """{"ownerName": "Bed\u0000manager"}""", "INVALID_CHARACTER", "ownerName" },
    };

    [Theory]
    [MemberData(nameof(BadActions))]
    public async Task ABadActionIsRefusedWithItsFieldAndNothingIsStored(string change, string code, string field)
    {
        var input = Action();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            input[name] = value?.DeepClone();
        }

        var payload = await RaiseAsync(input);

        Assert.Null(payload["action"]);
        var error = payload["errors"]!.AsArray().FirstOrDefault(e => (string)e!["code"]! == code);
        Assert.True(error is not null, payload.ToJsonString());
        Assert.Equal(field, (string)error["field"]![0]!);
        Assert.Equal(0, await _scenario.CountAsync(db => db.IncidentActions.CountAsync()));
    }

    [Fact]
    public async Task AnOwnerThatDoesNotTakePartIsRefused()
    {
        var payload = await RaiseAsync(Action(extra: new { ownerId = _scenario.NonParticipant.ToString(CultureInfo.InvariantCulture) }));

        Assert.Equal("OWNER_NOT_A_PARTICIPANT", Code(payload));
        Assert.Equal(0, await _scenario.CountAsync(db => db.IncidentActions.CountAsync()));
    }
}
