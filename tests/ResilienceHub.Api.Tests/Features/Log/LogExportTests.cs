using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Log;

/// <summary>The log and actions as one CSV for the incident's record, read back with a parser of our own.</summary>
public sealed class LogExportTests : IAsyncLifetime
{
    private const string Raise = "mutation($input: RaiseActionInput!) { raiseAction(input: $input) { action { id } errors { code } } }";
    private const string Update = "mutation($input: UpdateActionInput!) { updateAction(input: $input) { errors { code } } }";

    private static readonly string[] Options = ["Open ward 5", "Divert"];

    private Scenario _scenario = null!;

    private string IncidentId => _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

    private string Path => $"/incidents/{IncidentId}/log.csv";

    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddHours(3)));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private async Task<string> RecordAsync(object input) =>
        (string)(await _scenario.Client.QueryAsync(DecisionLogTests.Record, new { input }))["recordLogEntry"]!["entry"]!["id"]!;

    [Fact]
    public async Task EveryEntryActionAndUpdateIsARowAndWhatCorrectsWhatIsKept()
    {
        var decision = await RecordAsync(new
        {
            incidentId = IncidentId, kind = "DECISION", summary = "Open the escalation ward, \"ward 5\"", rationale = "ED full;\nno beds",
            optionsConsidered = Options, decisionMaker = "Incident director",
        });
        await _scenario.Client.QueryAsync(DecisionLogTests.Correct, new { input = new { entryId = decision, summary = "=Open ward 6", reason = "Wrong ward" } });
        var raised = await _scenario.Client.QueryAsync(Raise, new
        {
            input = new { incidentId = IncidentId, title = "Staff ward 6", ownerId = _scenario.Acute.ToString(CultureInfo.InvariantCulture), decisionId = decision },
        });
        var action = (string)raised["raiseAction"]!["action"]!["id"]!;
        await _scenario.Client.QueryAsync(Update, new { input = new { actionId = action, expectedVersion = 1, status = "DONE", note = "Staffed at 11:20" } });

        using var response = await _scenario.Client.GetAsync(Path, TestContext.Current.CancellationToken);
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{Scenario.Reference}-log.csv", response.Content.Headers.ContentDisposition!.FileName);
        var header = rows[0];
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.All(rows, row => Assert.Equal(header.Count, row.Count));
        Assert.Equal(["LOG_ENTRY 1", "LOG_ENTRY 2", "ACTION 1", "ACTION_UPDATE 1"], records.Select(r => $"{r["record"]} {r["number"]}"));
        var (first, correction, raisedRow, update) = (records[0], records[1], records[2], records[3]);
        Assert.Equal("Open the escalation ward, \"ward 5\"", first["summary"]);
        Assert.Equal("ED full;\nno beds", first["rationale"]);
        Assert.Equal("Open ward 5 | Divert", first["options_considered"]);
        Assert.Equal("2", first["corrected_by_number"]);
        Assert.Equal("1", correction["corrects_number"]);
        Assert.Equal("Wrong ward", correction["reason_or_note"]);
        // A spreadsheet would run this as a formula; the export marks it as text.
        Assert.Equal("'=Open ward 6", correction["summary"]);
        Assert.Equal(("OPEN", "RNL", "1", "1"), (raisedRow["status"], raisedRow["owner_ods_code"], raisedRow["decision_number"], raisedRow["version"]));
        Assert.Equal(("DONE", "Staffed at 11:20", "2"), (update["status"], update["reason_or_note"], update["version"]));
    }

    [Fact]
    public async Task AnotherGroupsDirectorIsAnsweredAsIfTheIncidentDidNotExistAndTheAttemptIsKept()
    {
        using var theirs = ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token("Director of LSC", ["DIRECTOR"], [], ["LSC"]));
        using var anonymous = _scenario.Api.CreateAnonymousClient();

        using var refused = await theirs.GetAsync(Path, TestContext.Current.CancellationToken);
        using var unknown = await _scenario.Client.GetAsync("/incidents/4242/log.csv", TestContext.Current.CancellationToken);
        using var unsigned = await anonymous.GetAsync(Path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var kept = await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden && a.IncidentId == _scenario.IncidentId));
        Assert.Equal(1, kept);
    }
}
