using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

namespace ResilienceHub.Api.Tests.Screen;

/// <summary>
/// The screen in Debian's headless Chromium (driven by playwright-core, tests/e2e/screen.mjs) against the API on a real port
/// with the demo incident, after both strike days: what the page shows is compared with what the API answers.
/// </summary>
public class ScreenEndToEndTests
{
    [Fact]
    public async Task TheScreenShowsTheDemoIncidentReplaysItAndTheFormShowsTheServersFieldErrors()
    {
        E2e.SkipUnlessChromium();
        var cancellation = TestContext.Current.CancellationToken;
        await using var api = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 28, 12, 0, 0, TimeSpan.Zero)).With("GraphQL:GraphiQL", "true");
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var token = ApiFactory.Token(ApiFactory.DirectorName, [Roles.Director], []);

        var reporterToken = ApiFactory.Token("Site manager, RNL", [Roles.Reporter], ["RNL"]);
        var adminToken = ApiFactory.Token("Regional admin", [Roles.Admin], [], ["*"]);
        var signatoryToken = ApiFactory.Token("Duty director, RNL", [Roles.Signatory], ["RNL"]);
        var viewerToken = ApiFactory.Token("Regional viewer", [Roles.Viewer], []);
        string exerciseId;

        // An exercise replaying the demo, running from now: the screen lists it apart and marks every page of it.
        using (var director = api.CreateClient())
        {
            var demo = (await director.QueryAsync("{ incidents { id reference } }"))["incidents"]!.AsArray().Single(i => (string?)i!["reference"] == "NCSRG-2016-04-JDIA")!;
            exerciseId = (string)(await director.QueryAsync(
                "mutation($i: StartReplayExerciseInput!) { startReplayExercise(input: $i) { incident { id } errors { code } } }",
                new { i = new { sourceIncidentId = (string)demo["id"]!, reference = "EX-2016-04-REPLAY", title = "April 2016 strike replayed", speed = 10.0 } }))["startReplayExercise"]!["incident"]!["id"]!;
        }

        // Beside it, an API without the demo whose returns may not be corrected once stood down; its clock moves with the
        // real one, so that a stand-down is in the past a moment later.
        await using var withoutDemo = new ApiFactory(demo: false).With("Sitreps:AmendableAfterStandDown", "00:00:00");
        withoutDemo.UseKestrel(0);
        withoutDemo.StartServer();
        var emptyAddress = withoutDemo.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var clock = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await timer.WaitForNextTickAsync(ticking.Token))
                {
                    withoutDemo.Time.Advance(TimeSpan.FromMilliseconds(100));
                }
            }
            catch (OperationCanceledException)
            {
                // The browser is done: the clock stops with it.
            }
        }, CancellationToken.None);

        JsonNode seen;
        try
        {
            seen = await RunScreenAsync(address, token, reporterToken, adminToken, signatoryToken, emptyAddress, exerciseId, viewerToken, cancellation);
        }
        finally
        {
            await ticking.CancelAsync();
            await clock;
        }
        var exercise = seen["exercise"]!;
        Assert.Equal(0, (int)exercise["openedWithBanner"]!);
        Assert.DoesNotContain("EXERCISE", (string)exercise["firstOption"]!);
        Assert.Equal([exerciseId], exercise["listedApart"]!.AsArray().Select(o => (string)o!));
        Assert.Equal(["dashboard", "organisation", "report", "log"], exercise["pages"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.All(exercise["pages"]!.AsArray(), p => Assert.StartsWith("EXERCISE EXERCISE EXERCISE", (string)p!["text"]!));
        Assert.True(seen["axeExercise"]!.AsArray().Count == 0, seen["axeExercise"]!.ToJsonString());

        // The API's own answers, now and at the first period's due time (the slider's first position).
        using var client = api.CreateClient();
        // The demo incident (the screen declares a second one, for sign-off, as it goes).
        var incident = (await client.QueryAsync("""{ incidents { id reference periods { dueAt } participants { odsCode } } }"""))["incidents"]!.AsArray()
            .Single(i => (string?)i!["reference"] == "NCSRG-2016-04-JDIA")!;
        var firstDue = (string)incident["periods"]![0]!["dueAt"]!;
        const string board = "dashboard(asOf: $asOf) { systemOpelLevel compliance { expected onTime } totals { value incidentToDate measure { code } } }";
        var now = (await client.QueryAsync($$"""query($id: ID!, $asOf: DateTime) { incident(id: $id) { {{board}} } }""", new { id = (string)incident["id"]!, asOf = (string?)null }))["incident"]!["dashboard"]!;
        var then = (await client.QueryAsync($$"""query($id: ID!, $asOf: DateTime) { incident(id: $id) { {{board}} } }""", new { id = (string)incident["id"]!, asOf = firstDue }))["incident"]!["dashboard"]!;

        // The demo was stood down: it opens at its last report time (the API's dashboard there, not now), says plainly that
        // it was stood down and nothing about being live; at the slider's last position (now) corrections arrive live.
        var periods = incident["periods"]!.AsArray();
        var lastDue = (string)periods[^1]!["dueAt"]!;
        var last = (await client.QueryAsync($$"""query($id: ID!, $asOf: DateTime) { incident(id: $id) { {{board}} } }""", new { id = (string)incident["id"]!, asOf = lastDue }))["incident"]!["dashboard"]!;
        var opened = seen["opened"]!;
        AssertTotals(last, opened);
        Assert.Equal("Stood down", (string)opened["state"]!);
        Assert.Contains($"(period {periods.Count} of {periods.Count})", (string)opened["label"]!);
        Assert.StartsWith("Stood down", (string)opened["note"]!);
        Assert.DoesNotContain("Live", (string)opened["note"]!);
        Assert.DoesNotContain("Live", (string)seen["nowNote"]!);
        Assert.Contains($"{(int)last["compliance"]!["expected"]!} expected", (string)opened["compliance"]!);

        // What a newcomer tripped on: the compliance reads as one sentence; "what changed" is open on the tiles; alerts run
        // from critical to information; the trend breaks over the night; no "1 patients".
        Assert.Matches(@"^\d+(\.\d)?% of returns on time: \d+ on time, \d+ late, \d+ overdue, of \d+ expected\.$", (string)opened["compliance"]!);
        Assert.True((int)opened["changesShown"]! > 0, "no tile shows what changed");
        var severities = opened["alertSeverities"]!.AsArray().Select(a => (string)a! switch { "CRITICAL" => 0, "WARNING" => 1, _ => 2 }).ToList();
        Assert.NotEmpty(severities);
        Assert.Equal(severities.Order(), severities);
        Assert.Equal(1, (int)opened["trendGaps"]!);
        Assert.Empty(opened["singularSlips"]!.AsArray());

        // Needs attention now, replayed at a moment with an overdue return (red on its tile, listed with how late, linking to
        // the organisation's page, where the period says overdue) and at one with an organisation at OPEL 4.
        var overdue = seen["overdueReplay"]!;
        var overdueOds = (string)overdue["ods"]!;
        var overdueBoard = (await client.QueryAsync("query($id: ID!, $asOf: DateTime) { incident(id: $id) { dashboard(asOf: $asOf) { organisations { organisation { id odsCode } overduePeriods { startsAt } } } } }",
            new { id = (string)incident["id"]!, asOf = (string)overdue["asOf"]! }))["incident"]!["dashboard"]!["organisations"]!.AsArray()
            .Single(o => (string?)o!["organisation"]!["odsCode"] == overdueOds)!;
        Assert.NotEmpty(overdueBoard["overduePeriods"]!.AsArray());
        var overdueTile = overdue["returnStates"]!.AsArray().Single(t => (string?)t!["ods"] == overdueOds)!;
        Assert.True((bool)overdueTile["red"]!, $"the overdue return is not red on its tile: {overdueTile["text"]}");
        Assert.Contains("overdue", (string)overdueTile["text"]!);
        Assert.DoesNotContain("due ·", (string)overdueTile["text"]!);
        var overdueItem = overdue["attention"]!.AsArray().Single(i => (string?)i!["kind"] == "Overdue" && (string?)i["ods"] == overdueOds)!;
        Assert.Equal($"#organisation/{Uri.EscapeDataString((string)overdueBoard["organisation"]!["id"]!)}", (string?)overdueItem["href"]);
        Assert.Contains(" ago", (string)overdueItem["text"]!);
        Assert.Equal(overdueOds, (string?)overdue["page"]!["ods"]);
        Assert.True((int)overdue["page"]!["overdueRows"]! > 0, "the organisation's page does not show the overdue period");

        // Beside the overdue return, for the director, the contact saved for its organisation: name, phone and e-mail as links.
        // A viewer's screen at the same moment lists the overdue return with no contact and no error, and never asks for them.
        var contact = overdue["contact"]!;
        Assert.Empty(contact["errors"]!.AsArray());
        Assert.Equal("Call Duty manager (end-to-end): 07700 900123 or e-mail duty.manager@nhs.net", (string)contact["text"]!);
        Assert.Equal(["tel:+447700900123", "mailto:duty.manager@nhs.net"], contact["links"]!.AsArray().Select(l => (string)l!));
        var viewerOverdue = seen["viewerOverdue"]!;
        Assert.Equal(1, (int)viewerOverdue["overdueItems"]!);
        Assert.Equal(0, (int)viewerOverdue["contacts"]!);
        Assert.Empty(viewerOverdue["errors"]!.AsArray());
        var contactsDocument = Assert.IsType<PersistedDocumentManifest>(api.Services.GetRequiredService<IPersistedDocumentStore>()).Documents
            .Single(d => d.Value.StartsWith("query Contacts(", StringComparison.Ordinal)).Key;
        Assert.NotEmpty(viewerOverdue["documentIds"]!.AsArray());
        Assert.DoesNotContain(contactsDocument, viewerOverdue["documentIds"]!.AsArray().Select(d => (string?)d));
        Assert.Contains(seen["graphql"]!["requests"]!.AsArray(), r => (string?)r!["documentId"] == contactsDocument);

        var opel4 = seen["opel4Replay"]!;
        var opel4Item = opel4["attention"]!.AsArray().Single(i => (string?)i!["kind"] == "OPEL 4" && (string?)i["ods"] == (string)opel4["ods"]!)!;
        Assert.StartsWith("#organisation/", (string?)opel4Item["href"]);

        // RNL's page, opened from its tile, shows the correction sent during the test as an amendment, with why and what.
        var organisation = seen["organisation"]!;
        Assert.Equal("RNL", (string?)organisation["ods"]);
        Assert.Contains("Why: Recounted the department (end-to-end live check)", (string)organisation["amendments"]!);
        Assert.Contains("(+17 patients)", (string)organisation["amendments"]!);
        Assert.True(seen["axeOrganisation"]!.AsArray().Count == 0, $"axe on the organisation's page: {seen["axeOrganisation"]!.ToJsonString()}");
        Assert.True((int)seen["organisationPhoneOverflow"]! <= 0, $"the organisation's page is {(int)seen["organisationPhoneOverflow"]!} px wider than a 390 px phone");

        // Keyboard only: Tab reaches the controls, each with a visible focus, and Enter on an organisation opens its page.
        Assert.True((int)seen["keyboard"]!["reached"]! >= 20, "Tab reached too few controls");
        Assert.True(seen["keyboard"]!["invisible"]!.AsArray().Count == 0, $"focus not visible on: {seen["keyboard"]!["invisible"]!.ToJsonString()}");
        Assert.Equal("RNL", (string?)seen["keyboard"]!["enterOpened"]);

        // Every organisation has a tile, and the totals are the API's, today and incident-to-date.
        Assert.Equal(
            incident["participants"]!.AsArray().Select(p => (string)p!["odsCode"]!).Order(),
            seen["now"]!["tiles"]!.AsArray().Select(t => (string)t!["ods"]!).Order());
        AssertTotals(now, seen["now"]!);
        AssertTotals(then, seen["replay"]!);
        Assert.NotEqual((int)now["compliance"]!["expected"]!, (int)then["compliance"]!["expected"]!);
        Assert.Contains($"{(int)then["compliance"]!["expected"]!} expected", (string)seen["replay"]!["compliance"]!);

        // The form: the server's refusal of a negative value, beside the field and tied to it for screen readers.
        Assert.Contains("cannot be negative; -5 was sent.", (string)seen["formFieldError"]!);
        Assert.Contains($"m-{(string)seen["formMeasure"]!}-error", ((string?)seen["formFieldDescribedBy"] ?? "").Split(' '));
        Assert.StartsWith("There is a problem", (string)seen["formSummary"]!["text"]!);
        Assert.Contains("cannot be negative; -5 was sent.", (string)seen["formSummary"]!["text"]!);
        Assert.Contains($"#m-{(string)seen["formMeasure"]!}", seen["formSummary"]!["links"]!.AsArray().Select(l => (string?)l));
        Assert.Equal("error-summary", (string?)seen["formSummary"]!["focused"]);

        // The filter finds RNL alone; grouped by OPEL level, the groups add up to every organisation and only the first,
        // the highest level, has its tiles drawn.
        Assert.Equal(["RNL"], seen["filtered"]!.AsArray().Select(o => (string)o!));
        var groups = seen["grouped"]!["groups"]!.AsArray().Select(g => (string)g!).ToList();
        var counts = groups.Select(g => int.Parse(System.Text.RegularExpressions.Regex.Match(g, @"\((\d+)\)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(incident["participants"]!.AsArray().Count, counts.Sum());
        Assert.StartsWith("OPEL ", groups[0]);
        Assert.Equal(counts[0], (int)seen["grouped"]!["tilesDrawn"]!);

        // An organisation with more returns than one page holds: its page followed the cursor to the last, and shows every
        // return the API has for it (65 of the incident's 72 report times).
        var paging = seen["paging"]!;
        Assert.Empty(paging["errors"]!.AsArray());
        Assert.Equal(72, (int)paging["periods"]!);
        Assert.Equal(72, (int)paging["rows"]!);
        var pagedReturns = (await client.QueryAsync("query($id: ID!) { incident(id: $id) { sitreps(first: 200) { edges { node { period { startsAt } } } } } }",
            new { id = (string)paging["incidentId"]! }))["incident"]!["sitreps"]!["edges"]!.AsArray().Select(e => (string)e!["node"]!["period"]!["startsAt"]!).Order().ToList();
        Assert.Equal(65, pagedReturns.Count);
        Assert.Equal(pagedReturns, paging["sent"]!.AsArray().Select(p => (string)p!).Order());
        var returnsPage = Assert.IsType<PersistedDocumentManifest>(api.Services.GetRequiredService<IPersistedDocumentStore>()).Documents
            .Single(d => d.Value.StartsWith("query OrganisationReturns(", StringComparison.Ordinal)).Key;
        Assert.Contains(seen["graphql"]!["requests"]!.AsArray(), r => (string?)r!["documentId"] == returnsPage);

        // The CSV link downloads the export: a header and one row per return of the demo (140).
        Assert.Equal("NCSRG-2016-04-JDIA-sitreps.csv", (string?)seen["csv"]!["filename"]);
        Assert.Equal(141, (int)seen["csv"]!["lines"]!);

        // A decision recorded on the screen while it replayed the first period was taken on that dashboard, with its options
        // as a list; its entry's link replayed that moment again; the action raised through the API was marked done there.
        var log = (await client.QueryAsync("""
            query($id: ID!) { incident(id: $id) { log { edges { node { summary optionsConsidered basedOnAsOf } } } actions { status } } }
            """, new { id = (string)incident["id"]! }))["incident"]!;
        var entry = Assert.Single(log["log"]!["edges"]!.AsArray())!["node"]!;
        Assert.Equal("Open the escalation ward at the Cumberland Infirmary", (string)entry["summary"]!);
        Assert.Equal(["Open the escalation ward", "Divert ambulances to Carlisle"], entry["optionsConsidered"]!.AsArray().Select(o => (string)o!));
        Assert.Equal(firstDue, (string)entry["basedOnAsOf"]!);
        Assert.StartsWith("Taken on the dashboard as at", (string)seen["decisionMoment"]!);
        var decisionErrors = seen["decisionErrors"]!;
        Assert.Contains(decisionErrors["items"]!.AsArray(), i => (string?)i!["code"] == "SUMMARY_REQUIRED" && (string?)i["href"] == "#decision-summary");
        Assert.Equal("decision-errors", (string?)decisionErrors["focused"]);
        Assert.Contains("Say in a line what was decided", (string)decisionErrors["beside"]!);
        Assert.Contains("decision-summary-error", ((string?)decisionErrors["describedBy"] ?? "").Split(' '));
        Assert.True(seen["axeDecisionErrors"]!.AsArray().Count == 0, $"axe on the decision form's errors: {seen["axeDecisionErrors"]!.ToJsonString()}");
        Assert.StartsWith("Logged as entry 1", (string)seen["decisionRecorded"]!);
        Assert.Equal((string)seen["replay"]!["label"]!, (string)seen["basedOnReplay"]!["label"]!);
        Assert.Contains($"{(int)then["compliance"]!["expected"]!} expected", (string)seen["basedOnReplay"]!["compliance"]!);
        Assert.Empty(seen["action"]!["errors"]!.AsArray());
        Assert.Equal("DONE", (string)log["actions"]![0]!["status"]!);

        // The printable log, printed to PDF by Chromium: the entry, its options and the action are on paper.
        Assert.True((int)seen["pdf"]!["bytes"]! > 1000, "Chromium printed an empty PDF");
        Assert.True(seen["axeLog"]!.AsArray().Count == 0, $"axe on the printable log: {seen["axeLog"]!.ToJsonString()}");
        if ((bool)seen["pdf"]!["poppler"]!)
        {
            var text = (string)seen["pdf"]!["text"]!;
            Assert.Contains("Open the escalation ward at the Cumberland Infirmary", text);
            Assert.Contains("Divert ambulances to Carlisle", text);
            Assert.Contains("Staff the escalation ward", text);
            Assert.DoesNotContain("Record the decision", text);
            Assert.True(File.Exists(Path.Combine(Screenshots(), "log-print.png")), "pdftoppm made no picture of the printed log");
        }
        else
        {
            TestContext.Current.SendDiagnosticMessage("poppler-utils is not installed: the printed log's text and picture were not checked (.ci/run installs it).");
        }

        // The administration area: a bad ODS code refused beside its field, then a neighbouring group set up and a threshold
        // revised, as the API now answers.
        Assert.False(string.IsNullOrWhiteSpace((string?)seen["adminOdsError"]), "no error beside the ODS code");
        Assert.Contains("org-ods-error", ((string?)seen["adminOdsDescribedBy"] ?? "").Split(' '));
        var reference = await client.QueryAsync(
            "{ organisation(odsCode: \"RXN\") { groups { code } } measures { code warningAbove history { reason } } }");
        Assert.Equal("LSC", (string)reference["organisation"]!["groups"]![0]!["code"]!);
        var revised = reference["measures"]!.AsArray().Single(m => (string)m!["code"]! == "ELECTIVE_OPS_POSTPONED")!;
        Assert.Equal(5, (int)revised["warningAbove"]!);
        Assert.Equal("A lower warning for the strike days", (string)revised["history"]!.AsArray()[^1]!["reason"]!);
        Assert.Contains($"revision {revised["history"]!.AsArray().Count}", (string)seen["adminMeasureSaved"]!);
        Assert.True(seen["axeAdmin"]!.AsArray().Count == 0, $"axe on the administration area: {seen["axeAdmin"]!.ToJsonString()}");

        // A reporter may only report for its own organisation.
        Assert.Equal(["North Cumbria University Hospitals NHS Trust (RNL)"], seen["reporterOrganisations"]!.AsArray().Select(o => (string)o!));

        // Sign-off: RNL's signatory saw RNL's return and RNN's nil return awaiting sign-off on their tiles, RNN's saying it
        // was not affected, and the totals RNL's return makes up marked; it signed RNL's off from its form, after which
        // RNL's mark was gone, as the API answers.
        var signOff = seen["signOff"]!;
        Assert.Empty(signOff["errors"]!.AsArray());
        string Tile(string moment, string ods) => (string)signOff[moment]!["tiles"]!.AsArray().Single(t => (string?)t!["ods"] == ods)!["text"]!;
        Assert.Contains("awaiting sign-off", Tile("before", "RNL"), StringComparison.Ordinal);
        Assert.Contains("Nil return: not affected", Tile("before", "RNN"), StringComparison.Ordinal);
        Assert.DoesNotContain("Nil return", Tile("before", "RNL"), StringComparison.Ordinal);
        Assert.Contains("ED_PATIENTS_IN_DEPARTMENT", signOff["before"]!["marked"]!.AsArray().Select(c => (string?)c));
        Assert.Contains("0 signed off, 2 awaiting sign-off; 1 nil return (not affected)", (string)signOff["before"]!["signOff"]!, StringComparison.Ordinal);
        Assert.Contains("awaiting sign-off", (string)signOff["formState"]!, StringComparison.Ordinal);
        Assert.StartsWith("Signed off: version 1", (string)signOff["signed"]!, StringComparison.Ordinal);
        Assert.Contains("signed off by Duty director, RNL", (string)signOff["formStateAfter"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("awaiting sign-off", Tile("after", "RNL"), StringComparison.Ordinal);
        Assert.Contains("awaiting sign-off", Tile("after", "RNN"), StringComparison.Ordinal);
        Assert.Empty(signOff["after"]!["marked"]!.AsArray());
        var signedOff = (await client.QueryAsync("query($id: ID!) { incident(id: $id) { dashboard { compliance { signedOff awaitingSignOff nil } } } }",
            new { id = (string)signOff["incidentId"]! }))["incident"]!["dashboard"]!["compliance"]!;
        Assert.Equal("""{"signedOff":1,"awaitingSignOff":1,"nil":1}""", signedOff.ToJsonString());
        Assert.True(seen["axeSignOff"]!.AsArray().Count == 0, $"axe on the sign-off dashboard: {seen["axeSignOff"]!.ToJsonString()}");

        // The system sitrep, printed to PDF on A4 by its own stylesheet: its text holds what the API answers at its instant,
        // what changed since the previous report time, the overdue returns, the alerts and the decision logged since.
        var sitrep = seen["sitrep"]!;
        Assert.Equal(1, (int)sitrep["printRequests"]!);
        Assert.True(seen["axeSitrep"]!.AsArray().Count == 0, $"axe on the system sitrep: {seen["axeSitrep"]!.ToJsonString()}");
        Assert.True((int)seen["sitrepPhoneOverflow"]! <= 0, $"the system sitrep is {(int)seen["sitrepPhoneOverflow"]!} px wider than a 390 px phone");
        Assert.True((int)sitrep["pdf"]!["bytes"]! > 1000, "Chromium printed an empty sitrep");
        if ((bool)sitrep["pdf"]!["poppler"]!)
        {
            AssertSitrepText(await SitrepDashboardsAsync(client, (string)incident["id"]!, (string)sitrep["asOf"]!, (string)sitrep["previous"]!), sitrep["pdf"]!);
            Assert.True(File.Exists(Path.Combine(Screenshots(), "sitrep-print.png")), "pdftoppm made no picture of the printed sitrep");
        }

        // Without the demo: "No incidents yet." and nothing offered but declaring one; the declaration's errors reached the
        // page, each linked to its field; the form listed only the periods open; a correction made stale by a stand-down
        // was refused in the error summary; and the form then offered nothing.
        var empty = seen["empty"]!;
        Assert.Equal("No incidents yet.", (string)empty["heading"]!);
        Assert.Equal(["Declare an incident"], empty["offered"]!.AsArray().Select(o => ((string)o!).Trim()).Where(o => o != "Sign out"));
        var declareErrors = empty["declareErrors"]!;
        var items = declareErrors["items"]!.AsArray();
        Assert.Contains(items, i => (string?)i!["code"] == "REFERENCE_REQUIRED" && (string?)i["href"] == "#declare-reference");
        Assert.Contains(items, i => (string?)i!["code"] == "INVALID_TIME" && (string?)i["href"] == "#window-0-firstReportAt");
        Assert.Equal("declare-errors", (string?)declareErrors["focused"]);
        Assert.Contains("'8am' is not one", (string)declareErrors["besideTime"]!);
        Assert.Contains("window-0-firstReportAt-error", ((string?)declareErrors["describedBy"] ?? "").Split(' '));
        Assert.True(seen["axeDeclare"]!.AsArray().Count == 0, $"axe on the declaration's errors: {seen["axeDeclare"]!.ToJsonString()}");
        Assert.True((int)seen["declarePhoneOverflow"]! <= 0, $"the declaration form is {(int)seen["declarePhoneOverflow"]!} px wider than a 390 px phone");
        Assert.Equal("NCSRG-2016-04-SCREEN", (string)empty["declared"]!["reference"]!);
        Assert.Equal("Active", (string)empty["declared"]!["state"]!);
        Assert.True((int)empty["declared"]!["tiles"]! > 1, "the declared incident shows no organisations");
        var open = empty["periodsOpen"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.NotEmpty(open);
        Assert.True(open.Count < (int)empty["periodCount"]!, "every period had opened: the check says nothing");
        Assert.Equal(open, empty["periodsListed"]!.AsArray().Select(p => (string)p!));
        Assert.Empty(empty["submitErrors"]!.AsArray());
        Assert.Equal("Stood down", (string)empty["stoodDownState"]!);
        Assert.Equal(0, (int)empty["standDownOffered"]!);
        var stale = Assert.Single(empty["staleAmendment"]!.AsArray())!;
        Assert.Equal("AMENDMENT_WINDOW_CLOSED", (string?)stale["code"]);
        Assert.False((bool)stale["linked"]!);
        Assert.Contains("Nothing more can be sent", (string)empty["closedForm"]!["why"]!);
        Assert.Equal(0, (int)empty["closedForm"]!["amend"]!);
        var declared = (await withoutDemo.CreateClient().QueryAsync("{ incidents { reference status stoodDownAt } }"))["incidents"]!.AsArray().Single()!;
        Assert.Equal("STOOD_DOWN", (string)declared["status"]!);

        // Every document the screen sent is one its build registered: queries by GET and writes by POST, each by its
        // documentId, and each subscription as exactly the registered text.
        var manifest = Assert.IsType<PersistedDocumentManifest>(api.Services.GetRequiredService<IPersistedDocumentStore>()).Documents;
        var requests = seen["graphql"]!["requests"]!.AsArray();
        Assert.Contains(requests, r => (string?)r!["method"] == "GET");
        Assert.All(requests, r =>
        {
            Assert.Null((string?)r!["query"]);
            Assert.True(manifest.ContainsKey((string)r["documentId"]!), $"{r["documentId"]} is not in the screen's manifest");
        });
        Assert.NotEmpty(seen["graphql"]!["subscriptions"]!.AsArray());
        Assert.All(seen["graphql"]!["subscriptions"]!.AsArray(), s => Assert.Contains((string)s!, manifest.Values));

        // GraphiQL opens at /graphql in the browser.
        Assert.True((bool?)seen["graphiql"], "GraphiQL did not open at /graphql");

        // Accessibility and a phone's width.
        Assert.True(seen["axeDashboard"]!.AsArray().Count == 0, $"axe on the dashboard: {seen["axeDashboard"]!.ToJsonString()}");
        Assert.True(seen["axeForm"]!.AsArray().Count == 0, $"axe on the form: {seen["axeForm"]!.ToJsonString()}");
        // A correction sent through the API appeared on the open page, over the WebSocket, within two seconds.
        Assert.Empty(seen["live"]!["errors"]!.AsArray());
        Assert.InRange((int)seen["live"]!["appearedMs"]!, 0, 2000);
        Assert.True((int)seen["phoneOverflow"]! <= 0, $"the dashboard is {(int)seen["phoneOverflow"]!} px wider than a 390 px phone");
        Assert.True((int)seen["formPhoneOverflow"]! <= 0, $"the form is {(int)seen["formPhoneOverflow"]!} px wider than a 390 px phone");

        var timings = seen["timings"]!.ToJsonString();
        await File.WriteAllTextAsync(Path.Combine(Screenshots(), "..", "e2e-timings.json"), timings, cancellation);
        TestContext.Current.SendDiagnosticMessage($"Screen end-to-end timings (ms): {timings}");
    }

    private static async Task<(JsonNode Now, JsonNode Before)> SitrepDashboardsAsync(HttpClient client, string incidentId, string asOf, string previous)
    {
        const string Dashboard = """
            systemOpelLevel
            organisations { organisation { odsCode name } opelLevel overduePeriods { startsAt } }
            totals { value incidentToDate reportingOrganisations measure { code name kind } }
            alerts { severity message }
            """;
        var answer = (await client.QueryAsync($$"""
            query($id: ID!, $asOf: DateTime!, $previous: DateTime!) { incident(id: $id) {
              now: dashboard(asOf: $asOf) { {{Dashboard}} } before: dashboard(asOf: $previous) { {{Dashboard}} }
              log(asOf: $asOf) { edges { node { summary occurredAt } } } } }
            """, new { id = incidentId, asOf, previous }))["incident"]!;
        answer["now"]!["log"] = answer["log"]!.DeepClone();
        return (answer["now"]!, answer["before"]!);
    }

    /// <summary>The printed sitrep's text (whitespace made single spaces) against the API's two dashboards.</summary>
    private static void AssertSitrepText((JsonNode Now, JsonNode Before) board, JsonNode pdf)
    {
        var text = (string)pdf["text"]!;
        var (now, before) = board;
        static string N(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        static string Signed(int n) => n > 0 ? $"+{N(n)}" : n < 0 ? $"\u2212{N(-n)}" : "no change";
        // Words as pdftotext gives them: a hyphen where a line broke is dropped, so names are compared without hyphens.
        static string Flat(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Replace("-", "", StringComparison.Ordinal);
        var words = text.Replace("-", "", StringComparison.Ordinal);

        Assert.Matches(@"\(A4\)", (string?)pdf["pageSize"] ?? "");
        Assert.Contains("System sitrep", text);
        Assert.Contains($"System OPEL OPEL {(int)now["systemOpelLevel"]!}", text);
        foreach (var o in now["organisations"]!.AsArray())
        {
            var name = Flat($"{(string)o!["organisation"]!["name"]!} ({(string)o["organisation"]!["odsCode"]!})");
            Assert.Contains(name, words);
        }

        // Each total with its incident-to-date figure, and its change since the previous report time.
        var previous = before["totals"]!.AsArray().ToDictionary(t => (string)t!["measure"]!["code"]!);
        foreach (var t in now["totals"]!.AsArray())
        {
            var code = (string)t!["measure"]!["code"]!;
            var cumulative = (string)t["measure"]!["kind"]! == "CUMULATIVE_DAILY";
            var was = previous.GetValueOrDefault(code);
            var change = cumulative
                ? ((int?)t["incidentToDate"] ?? 0) - ((int?)was?["incidentToDate"] ?? 0)
                : (int)t["value"]! - ((int?)was?["value"] ?? 0);
            var incidentToDate = t["incidentToDate"] is null ? "\u2014" : N((int)t["incidentToDate"]!);
            // A row's cells in their order; its heading may come before or after them in the text, as the PDF was laid out.
            Assert.Contains(Flat((string)t["measure"]!["name"]!), words);
            Assert.Contains($"{N((int)t["value"]!)} {incidentToDate} {Signed(change)} {(int)t["reportingOrganisations"]!}", text);
        }

        // What changed: each total that moved, with how much.
        foreach (var t in now["totals"]!.AsArray())
        {
            var was = previous.GetValueOrDefault((string)t!["measure"]!["code"]!);
            var cumulative = (string)t["measure"]!["kind"]! == "CUMULATIVE_DAILY";
            var change = cumulative ? ((int?)t["incidentToDate"] ?? 0) - ((int?)was?["incidentToDate"] ?? 0) : (int)t["value"]! - ((int?)was?["value"] ?? 0);
            if (change != 0)
            {
                Assert.Contains($"{Flat((string)t["measure"]!["name"]!)}: {Signed(change)}", words);
            }
        }

        // An OPEL that moved is listed as it moved.
        var opelBefore = before["organisations"]!.AsArray().ToDictionary(o => (string)o!["organisation"]!["odsCode"]!, o => (int?)o!["opelLevel"]);
        foreach (var o in now["organisations"]!.AsArray().Where(o => (int?)o!["opelLevel"] != opelBefore.GetValueOrDefault((string)o!["organisation"]!["odsCode"]!)))
        {
            string Opel(int? level) => level is { } l ? $"OPEL {l}" : "no return";
            Assert.Contains(Flat($"({(string)o!["organisation"]!["odsCode"]!}): {Opel(opelBefore.GetValueOrDefault((string)o["organisation"]!["odsCode"]!))} \u2192 {Opel((int?)o["opelLevel"])}"), words);
        }

        var overdue = now["organisations"]!.AsArray().Where(o => o!["overduePeriods"]!.AsArray().Count > 0).ToList();
        if (overdue.Count == 0)
        {
            Assert.Contains("Overdue returns None: every return due by", text);
        }

        foreach (var o in overdue)
        {
            Assert.Contains(Flat($"({(string)o!["organisation"]!["odsCode"]!}): {o["overduePeriods"]!.AsArray().Count} return"), words);
        }

        foreach (var alert in now["alerts"]!.AsArray().Where(a => (string)a!["severity"]! != "INFO"))
        {
            Assert.Contains(Flat((string)alert!["message"]!), words);
        }

        // The decision logged during the test, since the previous report time, is on paper.
        var logged = now["log"]!["edges"]!.AsArray().Select(e => (string)e!["node"]!["summary"]!).ToList();
        Assert.Contains("Open the escalation ward at the Cumberland Infirmary", logged);
        Assert.Contains("Open the escalation ward at the Cumberland Infirmary", text);
    }

    private static void AssertTotals(JsonNode expected, JsonNode seen)
    {
        Assert.Equal(expected["systemOpelLevel"] is null ? "System OPEL not yet reported" : $"System OPEL {(int)expected["systemOpelLevel"]!}", (string)seen["systemOpel"]!);
        var shown = seen["totals"]!.AsObject();
        var totals = expected["totals"]!.AsArray();
        Assert.Equal(totals.Count, shown.Count);
        foreach (var total in totals)
        {
            var code = (string)total!["measure"]!["code"]!;
            Assert.True(shown.ContainsKey(code), $"{code} is not on the screen");
            Assert.Equal((int)total["value"]!, (int)shown[code]!["value"]!);
            Assert.Equal((int?)total["incidentToDate"], (int?)shown[code]!["incidentToDate"]);
        }
    }

    private static async Task<JsonNode> RunScreenAsync(
        string address, string token, string reporterToken, string adminToken, string signatoryToken, string emptyAddress, string exerciseId, string viewerToken, CancellationToken cancellationToken)
    {
        var directory = E2eDirectory();
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in {directory}. Building the test project runs 'npm ci' there; run it by hand if that failed.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "screen.mjs", address, token, Screenshots(), reporterToken, adminToken, signatoryToken, emptyAddress, exerciseId, viewerToken },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"node screen.mjs exited with {process.ExitCode}: {await stderr}");
        return JsonNode.Parse(await stdout) ?? throw new InvalidOperationException("screen.mjs printed nothing.");
    }

    private static string Screenshots() => E2e.Screenshots();

    private static string E2eDirectory() => E2e.Directory();
}
