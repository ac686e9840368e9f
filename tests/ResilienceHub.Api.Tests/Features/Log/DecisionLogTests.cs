using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Log;

/// <summary>The incident's decision log through HTTP: numbered, never changed, corrected by later entries, and tied to the dashboard it was decided on.</summary>
public sealed class DecisionLogTests : IAsyncLifetime
{
    public const string Record = """
        mutation($input: RecordLogEntryInput!) {
          recordLogEntry(input: $input) {
            entry { id number kind summary rationale optionsConsidered decisionMaker occurredAt recordedAt recordedBy delayReason basedOnAsOf correctionReason
                    corrects { id } correctedBy { id } }
            errors { code message field }
          }
        }
        """;

    public const string Correct = """
        mutation($input: CorrectLogEntryInput!) {
          correctLogEntry(input: $input) {
            entry { id number summary correctionReason occurredAt basedOnAsOf corrects { id number summary correctedBy { id } } }
            errors { code message field }
          }
        }
        """;

    private const string Log = """
        query($id: ID!, $asOf: DateTime, $first: Int, $after: String) {
          incident(id: $id) {
            log(asOf: $asOf, first: $first, after: $after) {
              totalCount pageInfo { hasNextPage endCursor }
              edges { cursor node { id number summary correctionReason corrects { number } correctedBy { number } } }
            }
          }
        }
        """;

    // 11:00 BST on the first day of the strike is 10:00Z.
    private static readonly DateTime Eleven = Scenario.FirstPeriod.AddHours(3);

    private static readonly string[] Options = ["Open the escalation ward", "Divert ambulances to Carlisle", "Do nothing until 13:00"];

    private Scenario _scenario = null!;

    private string IncidentId => _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(now: new DateTimeOffset(Eleven.AddMinutes(2)));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private JsonObject Decision(string summary = "Open the escalation ward at the Cumberland Infirmary", object? extra = null)
    {
        var input = new JsonObject { ["incidentId"] = IncidentId, ["kind"] = "DECISION", ["summary"] = summary };
        foreach (var (name, value) in JsonSerializerNode(extra))
        {
            input[name] = value?.DeepClone();
        }

        return input;
    }

    private static JsonObject JsonSerializerNode(object? value) =>
        value is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(value)!.AsObject();

    private async Task<JsonNode> RecordAsync(JsonObject input, HttpClient? client = null) =>
        (await (client ?? _scenario.Client).QueryAsync(Record, new { input }))["recordLogEntry"]!;

    private async Task<JsonNode> CorrectAsync(object input) => (await _scenario.Client.QueryAsync(Correct, new { input }))["correctLogEntry"]!;

    private async Task<JsonNode> LogAsync(DateTime? asOf = null, int? first = null, string? after = null) =>
        (await _scenario.Client.QueryAsync(Log, new { id = IncidentId, asOf = asOf is { } at ? Iso(at) : null, first, after }))["incident"]!["log"]!;

    private Task<int> EntriesAsync() => _scenario.CountAsync(db => db.LogEntries.CountAsync());

    private static string Iso(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The numbers of a page of the log, e.g. "1 2 3".</summary>
    private static string Numbers(JsonNode log) => string.Join(' ', log["edges"]!.AsArray().Select(e => (int)e!["node"]!["number"]!));

    [Fact]
    public async Task ADecisionTakenOnThe1100DashboardStillShowsItsFiguresAfterTheReturnIsCorrected()
    {
        const string Submit = "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id } errors { code } } }";
        const string Amend = "mutation($input: AmendSitrepInput!) { amendSitrep(input: $input) { errors { code } } }";
        var time = _scenario.Api.Time;
        var sitrepId = (string)(await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Eleven) }))["submitSitrep"]!["sitrep"]!["id"]!;
        var shownAtEleven = time.GetUtcNow().UtcDateTime;

        // At 11:20 the director writes down a decision taken at 11:10 on the dashboard as it stood at 11:02.
        time.Advance(TimeSpan.FromMinutes(18));
        var decision = await RecordAsync(Decision(extra: new
        {
            rationale = "ED holds 35 patients, 8 of them over four hours, with 92 of 120 junior doctors absent.",
            optionsConsidered = Options,
            decisionMaker = "Incident director (on call)",
            occurredAt = Iso(shownAtEleven.AddMinutes(8)),
            basedOnAsOf = Iso(shownAtEleven),
        }));
        Assert.Empty(decision["errors"]!.AsArray());
        var entry = decision["entry"]!;
        Assert.Equal(1, (int)entry["number"]!);
        Assert.Equal(Iso(time.GetUtcNow().UtcDateTime), (string)entry["recordedAt"]!);
        Assert.Equal(ApiFactory.DirectorName, (string)entry["recordedBy"]!);
        Assert.Equal(Options, entry["optionsConsidered"]!.AsArray().Select(o => (string)o!));

        // At 11:40 the trust corrects its 11:00 return: 50 in ED, not 35.
        time.Advance(TimeSpan.FromMinutes(20));
        var amendment = _scenario.AcuteReturn(Eleven);
        foreach (var name in new[] { "incidentId", "organisationId", "periodStartsAt", "idempotencyKey" })
        {
            amendment.Remove(name);
        }

        amendment["sitrepId"] = sitrepId;
        amendment["expectedVersion"] = 1;
        amendment["reason"] = "ED count re-validated";
        amendment["measures"]!.AsArray().Single(m => (string)m!["code"]! == "ED_PATIENTS_IN_DEPARTMENT")!["value"] = 50;
        Assert.Empty((await _scenario.Client.QueryAsync(Amend, new { input = amendment }))["amendSitrep"]!["errors"]!.AsArray());

        // A second entry, later: the log as it stood at 11:30 does not have it.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty((await RecordAsync(Decision("Stand up the escalation ward's staffing cell")))["errors"]!.AsArray());

        const string BasedOn = """
            query($id: ID!) { incident(id: $id) { dashboard { total(code: "ED_PATIENTS_IN_DEPARTMENT") { value } }
              log { edges { node { number basedOnAsOf basedOn { asOf total(code: "ED_PATIENTS_IN_DEPARTMENT") { value } } } } } } }
            """;
        var incident = (await _scenario.Client.QueryAsync(BasedOn, new { id = IncidentId }))["incident"]!;
        Assert.Equal(50, (int)incident["dashboard"]!["total"]!["value"]!);
        var first = incident["log"]!["edges"]![0]!["node"]!;
        Assert.Equal(Iso(shownAtEleven), (string)first["basedOn"]!["asOf"]!);
        Assert.Equal(35, (int)first["basedOn"]!["total"]!["value"]!);

        Assert.Equal("1", Numbers(await LogAsync(asOf: shownAtEleven.AddMinutes(30))));
        Assert.Equal("1 2", Numbers(await LogAsync()));
        Assert.Equal("", Numbers(await LogAsync(asOf: shownAtEleven)));
    }

    [Fact]
    public async Task ACorrectionIsANewEntryAndTheOriginalStaysReadableAsItWas()
    {
        var original = (await RecordAsync(Decision("Divert ambulances to the West Cumberland Hospital")))["entry"]!;
        var originalId = (string)original["id"]!;
        var beforeCorrection = _scenario.Api.Time.GetUtcNow().UtcDateTime;
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(3));

        var correction = await CorrectAsync(new { entryId = originalId, reason = "Wrong hospital written down", summary = "Divert ambulances to the Cumberland Infirmary" });

        Assert.Empty(correction["errors"]!.AsArray());
        var entry = correction["entry"]!;
        Assert.Equal(2, (int)entry["number"]!);
        Assert.Equal("Wrong hospital written down", (string)entry["correctionReason"]!);
        Assert.Equal((string)original["occurredAt"]!, (string)entry["occurredAt"]!);
        Assert.Equal((string)original["basedOnAsOf"]!, (string)entry["basedOnAsOf"]!);
        Assert.Equal("Divert ambulances to the West Cumberland Hospital", (string)entry["corrects"]!["summary"]!);
        Assert.Equal((string)entry["id"]!, (string)entry["corrects"]!["correctedBy"]!["id"]!);

        var log = await LogAsync();
        Assert.Equal("1 2", Numbers(log));
        var first = log["edges"]![0]!["node"]!;
        Assert.Equal("Divert ambulances to the West Cumberland Hospital", (string)first["summary"]!);
        Assert.Equal(2, (int)first["correctedBy"]!["number"]!);
        Assert.Equal(1, (int)log["edges"]![1]!["node"]!["corrects"]!["number"]!);

        // Before the correction was written, the entry was not corrected.
        var then = await LogAsync(asOf: beforeCorrection);
        Assert.Equal("1", Numbers(then));
        Assert.Null(then["edges"]![0]!["node"]!["correctedBy"]);
    }

    [Fact]
    public async Task AnEntryIsCorrectedOnceAndTheCorrectionInTurn()
    {
        var original = (string)(await RecordAsync(Decision()))["entry"]!["id"]!;
        var correction = (string)(await CorrectAsync(new { entryId = original, reason = "Ward name", summary = "Open ward 6" }))["entry"]!["id"]!;

        var again = await CorrectAsync(new { entryId = original, reason = "Ward number", summary = "Open ward 7" });
        Assert.Equal("ALREADY_CORRECTED", (string)again["errors"]![0]!["code"]!);
        Assert.Equal(["entryId"], again["errors"]![0]!["field"]!.AsArray().Select(f => (string)f!));
        Assert.Contains("entry 2", (string)again["errors"]![0]!["message"]!, StringComparison.Ordinal);

        var ofCorrection = await CorrectAsync(new { entryId = correction, reason = "Ward number", summary = "Open ward 7" });
        Assert.Empty(ofCorrection["errors"]!.AsArray());
        Assert.Equal(3, (int)ofCorrection["entry"]!["number"]!);
        Assert.Equal(3, await EntriesAsync());
    }

    [Fact]
    public async Task TwoCorrectionsOfOneEntryAtOnceLeaveOne()
    {
        var original = (string)(await RecordAsync(Decision()))["entry"]!["id"]!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            CorrectAsync(new { entryId = original, reason = $"Correction {i}", summary = $"Open ward {i}" })));

        Assert.Single(results, r => r["errors"]!.AsArray().Count == 0);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("ALREADY_CORRECTED", (string)r["errors"]![0]!["code"]!));
        Assert.Equal(2, await EntriesAsync());
    }

    [Fact]
    public async Task ConcurrentWritersNumberTheLogWithoutGapsOrRepeats()
    {
        const int Writers = 24;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => RecordAsync(Decision($"Decision {i}"))));

        Assert.All(results, r => Assert.Empty(r["errors"]!.AsArray()));
        Assert.Equal(Enumerable.Range(1, Writers), results.Select(r => (int)r["entry"]!["number"]!).Order());
        var log = await LogAsync(first: 200);
        Assert.Equal(string.Join(' ', Enumerable.Range(1, Writers)), Numbers(log));
        Assert.Equal(Writers, (int)log["totalCount"]!);
        Assert.Equal(Writers, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.RecordLogEntry && a.Outcome == AuditOutcomes.Accepted)));
    }

    [Fact]
    public async Task TheLogPagesInNumberOrder()
    {
        for (var i = 1; i <= 5; i++)
        {
            await RecordAsync(Decision($"Decision {i}"));
        }

        var page = await LogAsync(first: 2);
        Assert.Equal("1 2", Numbers(page));
        Assert.True((bool)page["pageInfo"]!["hasNextPage"]!);
        Assert.Equal(5, (int)page["totalCount"]!);
        var next = await LogAsync(first: 2, after: (string)page["pageInfo"]!["endCursor"]!);
        Assert.Equal("3 4", Numbers(next));
        var last = await LogAsync(first: 2, after: (string)next["pageInfo"]!["endCursor"]!);
        Assert.Equal("5", Numbers(last));
        Assert.False((bool)last["pageInfo"]!["hasNextPage"]!);

        var bad = await _scenario.Client.PostGraphQLAsync(Log, new { id = IncidentId, after = "not-a-cursor" });
        Assert.Equal(["INVALID_ARGUMENT"], bad.ErrorCodes);
        var future = await _scenario.Client.PostGraphQLAsync(Log, new { id = IncidentId, asOf = Iso(Eleven.AddDays(1)) });
        Assert.Equal(["INVALID_ARGUMENT"], future.ErrorCodes);
    }

    [Fact]
    public async Task ARetryWithTheSameKeyReturnsTheFirstEntryAndAReusedKeyIsRefused()
    {
        var first = await RecordAsync(Decision(extra: new { idempotencyKey = "decision-1" }));
        var retry = await RecordAsync(Decision(extra: new { idempotencyKey = "decision-1" }));
        var reused = await RecordAsync(Decision("Something else", new { idempotencyKey = "decision-1" }));

        Assert.Equal((string)first["entry"]!["id"]!, (string)retry["entry"]!["id"]!);
        Assert.Empty(retry["errors"]!.AsArray());
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (string)reused["errors"]![0]!["code"]!);
        Assert.Equal(1, await EntriesAsync());
    }

    public static TheoryData<string, string, string> BadEntries() => new()
    {
        // what the input sets (JSON), the code, the field
        { """{"summary": "  "}""", "SUMMARY_REQUIRED", "summary" },
        { """{"summary": "Line one\u0007"}""", "INVALID_CHARACTER", "summary" },
        { """{"occurredAt": "2016-04-26T10:30:00Z"}""", "OCCURRED_IN_FUTURE", "occurredAt" },
        { """{"occurredAt": "2016-04-26T09:30:00Z"}""", "DELAY_REASON_REQUIRED", "delayReason" },
        { """{"occurredAt": "2016-04-26T10:00:00Z", "basedOnAsOf": "2016-04-26T10:01:00Z"}""", "BASED_ON_AFTER_DECISION", "basedOnAsOf" },
        { """{"optionsConsidered": ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"]}""", "TOO_MANY_OPTIONS", "optionsConsidered" },
        { """{"optionsConsidered": ["Divert", " "]}""", "OPTION_REQUIRED", "optionsConsidered.1" },
        { """{"idempotencyKey": ""}""", "INVALID_IDEMPOTENCY_KEY", "idempotencyKey" },
        { """{"incidentId": "999"}""", "INCIDENT_NOT_FOUND", "incidentId" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task ABadEntryIsRefusedWithItsFieldAndNothingIsStored(string change, string code, string field)
    {
        var input = Decision();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            input[name] = value?.DeepClone();
        }

        var payload = await RecordAsync(input);

        Assert.Null(payload["entry"]);
        var error = payload["errors"]!.AsArray().First(e => (string)e!["code"]! == code)!;
        Assert.Equal(field, string.Join('.', error["field"]!.AsArray().Select(f => (string)f!)));
        Assert.Equal(0, await EntriesAsync());
    }

    [Fact]
    public async Task EveryProblemOfAnEntryIsReportedAtOnce()
    {
        var payload = await RecordAsync(Decision(" ", new { occurredAt = Iso(Eleven.AddHours(1)), decisionMaker = new string('x', 201) }));

        Assert.Equal(["OCCURRED_IN_FUTURE", "SUMMARY_REQUIRED", "TEXT_TOO_LONG"],
            payload["errors"]!.AsArray().Select(e => (string)e!["code"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ALateEntrySaysWhyAndKeepsItsReason()
    {
        var payload = await RecordAsync(Decision(extra: new { occurredAt = Iso(Eleven.AddMinutes(-30)), delayReason = "Written up after the teleconference" }));

        Assert.Empty(payload["errors"]!.AsArray());
        Assert.Equal("Written up after the teleconference", (string)payload["entry"]!["delayReason"]!);
        Assert.Equal(Iso(Eleven.AddMinutes(-30)), (string)payload["entry"]!["basedOnAsOf"]!);
    }

    [Theory]
    [InlineData("VIEWER")]
    [InlineData("REPORTER")]
    [InlineData("ADMIN")]
    public async Task OnlyDirectorsWriteTheLog(string role)
    {
        using var client = role == "REPORTER" ? _scenario.Api.CreateClient(role, "RNL") : _scenario.Api.CreateClient(role);

        var response = await client.PostGraphQLAsync(Record, new { input = Decision() });

        Assert.Equal(["AUTH_NOT_AUTHORIZED"], response.ErrorCodes);
        Assert.Equal(0, await EntriesAsync());
    }

    [Fact]
    public async Task ADirectorOfAnotherGroupFindsNoIncidentToWriteIn()
    {
        using var other = ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token("Director elsewhere", ["DIRECTOR"], [], ["LSC"]));

        var recorded = await RecordAsync(Decision(), other);

        Assert.Equal("INCIDENT_NOT_FOUND", (string)recorded["errors"]![0]!["code"]!);
        var original = (string)(await RecordAsync(Decision()))["entry"]!["id"]!;
        var corrected = (await other.QueryAsync(Correct, new { input = new { entryId = original, reason = "Mine now", summary = "Nothing" } }))["correctLogEntry"]!;
        Assert.Equal("ENTRY_NOT_FOUND", (string)corrected["errors"]![0]!["code"]!);
        Assert.Equal(1, await EntriesAsync());
        Assert.Equal(2, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden)));
    }
}
