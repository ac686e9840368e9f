using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Tests.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.GraphQL;

/// <summary>
/// Callers who see the same things share one execution of a query, through HTTP: never a stale answer after a write (on
/// this instance or another on the same database), never one that the clock has moved on, never another scope's.
/// </summary>
public sealed class SharedAnswerTests : IAsyncLifetime
{
    private const string Board = "query($id: ID!) { incident(id: $id) { status dashboard { asOf currentPeriod { startsAt } compliance { onTime late overdue } } } }";

    private Scenario _scenario = null!;

    private string IncidentId => _scenario.IncidentId.ToString(CultureInfo.InvariantCulture);

    // 07:20Z on the first day: the 07:00 return was due at 07:15, the 08:00 period starts at 08:00.
    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(20)));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private HttpClient Caller(string name, string role, string[] groups, params string[] organisations) =>
        ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token(name, [role], organisations, groups));

    private async Task<string> BoardAsync(HttpClient? client = null) =>
        (await (client ?? _scenario.Client).QueryAsync(Board, new { id = IncidentId })).ToJsonString();

    [Fact]
    public async Task TheSameQueryForTheSameAudienceIsExecutedOnceUntilTheDataChanges()
    {
        // A request is kept from its second asking: one asked once, or refused, never costs a read of the data version.
        await BoardAsync();
        var first = await BoardAsync();
        _scenario.Api.Sql.Clear();
        var second = await BoardAsync(Caller("Another director", "DIRECTOR", ["*"]));

        Assert.Equal(first, second);
        // Only the data version was read: the answer was the first one's.
        var command = Assert.Single(_scenario.Api.Sql.Commands);
        Assert.Contains("AuditEntries", command, StringComparison.Ordinal);

        var submitted = await _scenario.Client.QueryAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());
        var after = await BoardAsync();

        Assert.NotEqual(first, after);
        Assert.Contains("\"late\":1", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDataVersionIsReadFromTheAuditTrailsLastRowHoweverLongTheTrail()
    {
        // Every shared answer costs this one read, so it must not grow with the trail (a cast inside MAX makes SQLite
        // walk every row: 2 ms a request at nine thousand entries).
        await LengthenTheAuditTrailAsync(entries: 4_096);

        await BoardAsync();
        await BoardAsync();
        _scenario.Api.Sql.Clear();
        await BoardAsync();
        var dataVersion = Assert.Single(_scenario.Api.Sql.Commands);

        await using var database = new SqliteConnection($"Data Source={_scenario.Api.DatabasePath}");
        await database.OpenAsync(TestContext.Current.CancellationToken);
        var steps = 0;
        SQLitePCL.raw.sqlite3_progress_handler(database.Handle, 1, _ => { steps++; return 0; }, null);
        await using (var command = new SqliteCommand(dataVersion, database))
        {
            Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture) >= 4_096);
        }

        SQLitePCL.raw.sqlite3_progress_handler(database.Handle, 0, null, null);
        Assert.InRange(steps, 1, 100);
    }

    private async Task LengthenTheAuditTrailAsync(int entries)
    {
        // Refused attempts, as a careless client's retries leave them.
        await using var db = await _scenario.Api.Services.GetRequiredService<IDbContextFactory<ResilienceDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.AuditEntries.AddRange(Enumerable.Range(0, entries).Select(_ => new AuditEntry
        {
            OccurredAt = _scenario.Api.Time.GetUtcNow().UtcDateTime,
            Actor = "A careless client",
            Roles = "REPORTER",
            Action = AuditActions.SubmitSitrep,
            Outcome = "REFUSED",
        }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AWriteOnAnotherInstanceOfTheSameDatabaseIsSeenByTheNextRead()
    {
        await using var other = new ApiFactory(databasePath: _scenario.Api.DatabasePath, now: _scenario.Api.Time.GetUtcNow());
        using var otherClient = other.CreateClient();
        var before = await BoardAsync();
        Assert.Equal(before, await BoardAsync());

        var submitted = await otherClient.QueryAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());

        Assert.Contains("\"late\":1", await BoardAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerFromTheReferenceDataHoldsNoLongerThanTheInstancesCopyOfIt()
    {
        // Two instances on one database, no Redis: a rename on the other reaches this one's copy within its minute.
        await using var other = new ApiFactory(databasePath: _scenario.Api.DatabasePath, now: _scenario.Api.Time.GetUtcNow());
        const string Names = "{ organisations { odsCode name } }";
        await _scenario.Client.QueryAsync(Names);
        var before = (await _scenario.Client.QueryAsync(Names)).ToJsonString();
        Assert.Equal(before, (await _scenario.Client.QueryAsync(Names)).ToJsonString());

        using var admin = Features.ReferenceData.ReferenceDataClient.Admin(other, "*");
        var renamed = Features.ReferenceData.ReferenceDataClient.Organisation("RNL", "North Cumbria Integrated Care NHS Foundation Trust");
        await Features.ReferenceData.ReferenceDataClient.SavedAsync(admin, Features.ReferenceData.ReferenceDataClient.SaveOrganisation, renamed);
        // Asked at once, the answer is computed again (the data version moved) from this instance's copy, still the old one.
        Assert.Equal(before, (await _scenario.Client.QueryAsync(Names)).ToJsonString());
        _scenario.Api.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.Contains("North Cumbria Integrated Care", (await _scenario.Client.QueryAsync(Names)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerComputedAsTheCopyOfTheReferenceDataIsRenewedHoldsAsLongAsTheNewCopy()
    {
        await BoardAsync();
        await BoardAsync();
        // The copy has aged past its minute: the next execution reads it afresh, and its answer holds by the new copy.
        _scenario.Api.Time.Advance(TimeSpan.FromSeconds(61));
        await BoardAsync();
        _scenario.Api.Sql.Clear();

        await BoardAsync();

        // Only the data version was read: the answer kept from the renewed copy was given.
        var command = Assert.Single(_scenario.Api.Sql.Commands);
        Assert.Contains("AuditEntries", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADashboardOfNowMovesOnWithTheClockAloneWhileAPastOneIsKept()
    {
        await BoardAsync();
        var early = await BoardAsync();
        const string Past = "query($id: ID!) { incident(id: $id) { dashboard(asOf: \"2016-04-26T07:10:00Z\") { compliance { overdue } } } }";
        await _scenario.Client.QueryAsync(Past, new { id = IncidentId });
        await _scenario.Client.QueryAsync(Past, new { id = IncidentId });

        // Within the same minute nothing the dashboard shows has moved: the kept answers are given, of now and of the past.
        _scenario.Api.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(early, await BoardAsync());
        _scenario.Api.Sql.Clear();
        await _scenario.Client.QueryAsync(Past, new { id = IncidentId });
        Assert.Single(_scenario.Api.Sql.Commands);

        // At 08:00 the next period starts, with no write in between.
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(40));
        var later = await BoardAsync();
        Assert.Contains("\"currentPeriod\":{\"startsAt\":\"2016-04-26T08:00:00Z\"}", later, StringComparison.Ordinal);
        Assert.DoesNotContain("2016-04-26T08:00:00Z", early, StringComparison.Ordinal);

    }

    // The dashboard at 07:10Z, before the 07:00 return was due, with the organisations' names and latest returns.
    private const string PastBoard = "query($id: ID!) { incident(id: $id) { title dashboard(asOf: \"2016-04-26T07:10:00Z\") { compliance { overdue } organisations { organisation { name } latest { version } } } } }";

    private async Task<JsonObject> SubmitAsync()
    {
        var submitted = await _scenario.Client.QueryAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id } errors { code } } }", new { i = _scenario.AcuteReturn(Scenario.FirstPeriod) });
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());
        return submitted["submitSitrep"]!["sitrep"]!.AsObject();
    }

    [Fact]
    public async Task APastDashboardIsGivenAgainAfterReturnsAndCorrectionsRecordedSinceItsInstant()
    {
        var before = (await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId })).ToJsonString();
        await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId });

        var sitrep = await SubmitAsync();
        await AmendAsync(_scenario.Client, (string)sitrep["id"]!, 1);
        _scenario.Api.Sql.Clear();

        var after = (await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId })).ToJsonString();

        Assert.Equal(before, after);
        // The data version, and whether the writes since count from 07:10 or earlier: no return or dashboard was read.
        Assert.Equal(2, _scenario.Api.Sql.Commands.Count);
        Assert.All(_scenario.Api.Sql.Commands, command => Assert.Contains("AuditEntries", command, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APastDashboardIsGivenAgainAfterADecisionIsLoggedAndCorrected()
    {
        var before = (await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId })).ToJsonString();
        await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId });

        var recorded = await _scenario.Client.QueryAsync(Features.Log.DecisionLogTests.Record, new
        {
            input = new { incidentId = IncidentId, kind = "DECISION", summary = "Open the escalation ward at the Cumberland Infirmary" },
        });
        var entryId = (string)recorded["recordLogEntry"]!["entry"]!["id"]!;
        var corrected = await _scenario.Client.QueryAsync(Features.Log.DecisionLogTests.Correct, new
        {
            input = new { entryId, summary = "Open the escalation ward at West Cumberland Hospital", reason = "The wrong site was named" },
        });
        Assert.Empty(corrected["correctLogEntry"]!["errors"]!.AsArray());
        _scenario.Api.Sql.Clear();

        var after = (await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId })).ToJsonString();

        Assert.Equal(before, after);
        // No field of a dashboard shows the decision log: the data version and one look at the writes since.
        Assert.Equal(2, _scenario.Api.Sql.Commands.Count);
        Assert.All(_scenario.Api.Sql.Commands, command => Assert.Contains("AuditEntries", command, StringComparison.Ordinal));
    }

    private static async Task<string> AmendAsync(HttpClient client, string sitrepId, int expectedVersion)
    {
        var amended = await client.QueryAsync(
            "mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { submittedAt } errors { code } } }", new { i = AccessClients.Amendment(sitrepId, expectedVersion) });
        Assert.Empty(amended["amendSitrep"]!["errors"]!.AsArray());
        return (string)amended["amendSitrep"]!["sitrep"]!["submittedAt"]!;
    }

    [Fact]
    public async Task ACorrectionOnAnInstanceWhoseClockIsBehindCountsFromNoEarlierThanTheVersionItCorrects()
    {
        // This instance reads 07:20; the other's clock is ten minutes ahead.
        await using var ahead = new ApiFactory(databasePath: _scenario.Api.DatabasePath, now: _scenario.Api.Time.GetUtcNow().AddMinutes(10));
        using var aheadClient = ahead.CreateClient();
        var sitrepId = (string)(await SubmitAsync())["id"]!;
        var second = await AmendAsync(aheadClient, sitrepId, 1);
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(2));
        var third = await AmendAsync(_scenario.Client, sitrepId, 2);
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(1));
        const string AtTwentyTwo = "query($id: ID!) { incident(id: $id) { dashboard(asOf: \"2016-04-26T07:22:30Z\") { organisations { latest { version } } } } }";
        await _scenario.Client.QueryAsync(AtTwentyTwo, new { id = IncidentId });
        var before = (await _scenario.Client.QueryAsync(AtTwentyTwo, new { id = IncidentId })).ToJsonString();

        _scenario.Api.Time.Advance(TimeSpan.FromSeconds(10));
        await AmendAsync(_scenario.Client, sitrepId, 3);
        var kept = (await _scenario.Client.QueryAsync(AtTwentyTwo, new { id = IncidentId })).ToJsonString();
        // The same question asked afresh (another document, so not the kept answer).
        var fresh = (await _scenario.Client.QueryAsync(AtTwentyTwo + " ", new { id = IncidentId })).ToJsonString();

        // The third version was written after the second: it counts from the second's 07:30, not from this clock's 07:22.
        Assert.Equal(second, third);
        // At 07:22:30 the first version is the latest, however the answer is reached, before and after the fourth.
        Assert.Contains("{\"version\":1}", before, StringComparison.Ordinal);
        Assert.Equal(before, kept);
        Assert.Equal(before, fresh);
    }

    [Fact]
    public async Task APastDashboardShowsAChangeOfStateMadeSinceIt()
    {
        await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId });
        await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId });

        var admin = ApiFactory.WithToken(_scenario.Api.CreateClient(), ApiFactory.Token("Admin", ["ADMIN"], [], ["*"]));
        var saved = await admin.QueryAsync(
            "mutation($i: SaveOrganisationInput!) { saveOrganisation(input: $i) { errors { code } } }",
            new { i = new { odsCode = "RNL", name = "North Cumbria Integrated Care NHS Foundation Trust", type = "ACUTE_TRUST" } });
        Assert.Empty(saved["saveOrganisation"]!["errors"]!.AsArray());

        var after = (await _scenario.Client.QueryAsync(PastBoard, new { id = IncidentId })).ToJsonString();

        Assert.Contains("North Cumbria Integrated Care NHS Foundation Trust", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APastDashboardAskedWithAFieldThatReadsThePresentShowsEveryNewReturn()
    {
        // The incident's returns as they stand now sit beside the dashboard of 07:10: the answer is not of that instant.
        const string Mixed = "query($id: ID!) { incident(id: $id) { sitreps { totalCount } dashboard(asOf: \"2016-04-26T07:10:00Z\") { compliance { overdue } } } }";
        await _scenario.Client.QueryAsync(Mixed, new { id = IncidentId });
        var before = await _scenario.Client.QueryAsync(Mixed, new { id = IncidentId });

        await SubmitAsync();
        var after = await _scenario.Client.QueryAsync(Mixed, new { id = IncidentId });

        Assert.Equal(((int)before["incident"]!["sitreps"]!["totalCount"]!) + 1, (int)after["incident"]!["sitreps"]!["totalCount"]!);
    }

    [Fact]
    public async Task AReturnsAuditEntryCountsFromTheInstantItsVersionIsStampedWith()
    {
        // Every reading of the clock moves it on, as a real one does between the two.
        _scenario.Api.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(3);
        var sitrep = await SubmitAsync();
        _scenario.Api.Time.AutoAdvanceAmount = TimeSpan.Zero;

        await using var db = Contexts.Sqlite(_scenario.Api.DatabasePath);
        var id = Api.GraphQL.Ids.Parse((string?)sitrep["id"], Api.GraphQL.NodeTypes.Sitrep);
        var submittedAt = await db.SitrepVersions.Where(v => v.SitrepId == id).Select(v => v.SubmittedAt).SingleAsync(TestContext.Current.CancellationToken);
        var audited = await db.AuditEntries.Where(a => a.SitrepId == id && a.Action == AuditActions.SubmitSitrep).Select(a => a.OccurredAt).SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(submittedAt, audited);
    }

    [Fact]
    public async Task CallersWhoSeeDifferentThingsNeverShareAnAnswer()
    {
        await using (var db = Contexts.Sqlite(_scenario.Api.DatabasePath))
        {
            var trust = new Organisation { OdsCode = "RXN", Name = "Lancashire Teaching Hospitals NHS Foundation Trust", Type = OrganisationType.AcuteTrust };
            db.ResilienceGroups.Add(new ResilienceGroup { Code = "LSC", Name = "Lancashire and South Cumbria", Members = [new GroupMembership { Organisation = trust }] });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        _scenario.Api.Services.GetRequiredService<Api.Features.ReferenceData.ReferenceDataCache>().Invalidate();
        const string Incidents = "{ incidents { reference } }";
        async Task<string> ListAsync(HttpClient client) => (await client.QueryAsync(Incidents)).ToJsonString();

        var ours = await ListAsync(Caller("Director of NCSRG", "DIRECTOR", ["NCSRG"]));
        var theirs = await ListAsync(Caller("Director of LSC", "DIRECTOR", ["LSC"]));
        var reporter = await ListAsync(Caller("RNL", "REPORTER", [], "RNL"));
        var otherReporter = await ListAsync(Caller("RXN", "REPORTER", [], "RXN"));

        Assert.Contains(Scenario.Reference, ours, StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.Reference, theirs, StringComparison.Ordinal);
        Assert.Contains(Scenario.Reference, reporter, StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.Reference, otherReporter, StringComparison.Ordinal);

        // The caller's own name is never another's, whatever their roles and groups.
        var ada = await Caller("Ada", "DIRECTOR", ["NCSRG"]).QueryAsync("{ viewer { name } incidents { reference } }");
        var grace = await Caller("Grace", "DIRECTOR", ["NCSRG"]).QueryAsync("{ viewer { name } incidents { reference } }");
        Assert.Equal(("Ada", "Grace"), ((string)ada["viewer"]!["name"]!, (string)grace["viewer"]!["name"]!));
    }

    [Fact]
    public async Task EachAttemptOnAnotherGroupsIncidentIsKeptEvenWhenTheAnswerIsTheSame()
    {
        using var theirs = Caller("Director of LSC", "DIRECTOR", ["LSC"]);
        async Task<int> ForbiddenAsync() => await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == AuditOutcomes.Forbidden));

        var first = await BoardAsync(theirs);
        var second = await BoardAsync(theirs);

        Assert.Equal(first, second);
        Assert.Contains("\"incident\":null", first, StringComparison.Ordinal);
        Assert.Equal(2, await ForbiddenAsync());
    }
}
