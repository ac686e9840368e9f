using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Incidents;

public class DeclareIncidentTests : IAsyncDisposable
{
    private readonly ApiFactory _api = new();
    private HttpClient Client => field ??= _api.CreateClient();

    public static TheoryData<string> Rules => [.. RuleCases.Keys];

    /// <summary>Each rule: how it is broken in an otherwise valid declaration, and the code and field it is refused with.</summary>
    private static readonly Dictionary<string, (Action<Dictionary<string, object?>> Break, string Code, string[] Field)> RuleCases = new()
    {
        ["blank reference"] = (i => i["reference"] = "  ", "REFERENCE_REQUIRED", ["reference"]),
        ["reference over 64 characters"] = (i => i["reference"] = new string('R', 65), "TEXT_TOO_LONG", ["reference"]),
        ["empty title"] = (i => i["title"] = "", "TITLE_REQUIRED", ["title"]),
        ["title over 300 characters"] = (i => i["title"] = new string('t', 301), "TEXT_TOO_LONG", ["title"]),
        ["unknown group"] = (i => i["groupId"] = "999", "GROUP_NOT_FOUND", ["groupId"]),
        ["lower-case kind"] = (i => i["kind"] = "strike", "INVALID_KIND", ["kind"]),
        ["kind over 64 characters"] = (i => i["kind"] = new string('K', 65), "INVALID_KIND", ["kind"]),
        ["time not HH:mm"] = (i => i.Windows()[1]["firstReportAt"] = "8am", "INVALID_TIME", ["windows", "1", "firstReportAt"]),
        ["time past midnight"] = (i => i.Windows()[0]["lastReportAt"] = "24:00", "INVALID_TIME", ["windows", "0", "lastReportAt"]),
        ["unknown time zone"] = (i => i["timeZone"] = "Europe/Carlisle", "UNKNOWN_TIME_ZONE", ["timeZone"]),
        ["cadence too short"] = (i => i["cadenceMinutes"] = 2, "INVALID_CADENCE", ["cadenceMinutes"]),
        ["grace as long as the cadence"] = (i => i["graceMinutes"] = 60, "INVALID_GRACE", ["graceMinutes"]),
        ["no windows"] = (i => i.Windows().Clear(), "NO_WINDOWS", ["windows"]),
        ["first report after the last"] = (i => i.Windows()[0]["firstReportAt"] = "18:00", "WINDOW_FIRST_AFTER_LAST", ["windows", "0", "lastReportAt"]),
        ["two windows on one date"] = (i => i.Windows()[1]["date"] = "2016-05-10", "WINDOWS_OVERLAP", ["windows", "1", "date"]),
        ["unknown participant"] = (i => i["participantIds"] = new[] { "1", "999" }, "ORGANISATION_NOT_FOUND", ["participantIds", "1"]),
        ["empty participant list"] = (i => i["participantIds"] = Array.Empty<string>(), "NO_PARTICIPANTS", ["participantIds"]),
    };

    [Fact]
    public async Task ADeclaredIncidentIsReadableWithItsScheduleAndPeriodsAndTheGroupsMembersAsParticipants()
    {
        var declared = await Client.DeclareStrikeAsync();

        var incident = await Client.IncidentAsync((string)declared["id"]!);
        Assert.Equal(declared.ToJsonString(), incident.ToJsonString());
        Assert.Equal("NCSRG-2016-05-JDIA", (string?)incident["reference"]);
        Assert.Equal("OTHER", (string?)incident["kind"]);
        Assert.Equal("2016-04-26T07:30:00Z", (string?)incident["declaredAt"]);
        Assert.Null((string?)incident["stoodDownAt"]);
        Assert.Equal(["2016-05-10", "2016-05-11"], incident["schedule"]!["windows"]!.AsArray().Select(w => (string?)w!["date"]));
        var periods = incident["periods"]!.AsArray();
        Assert.Equal(20, periods.Count);
        Assert.Equal("2016-05-10T07:00:00Z", (string?)periods[0]!["startsAt"]);
        Assert.Equal("2016-05-10T07:15:00Z", (string?)periods[0]!["dueAt"]);
        Assert.Equal("2016-05-11T16:00:00Z", (string?)periods[^1]!["startsAt"]);

        var members = (await Client.QueryAsync("{ resilienceGroups { members { id } } }"))["resilienceGroups"]![0]!["members"]!.AsArray();
        Assert.Equal(7, members.Count);
        Assert.Equal(members.Select(m => (string?)m!["id"]).Order(), incident["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order());
    }

    [Fact]
    public async Task GivenParticipantsAndKindAreKeptAndAnOrganisationNamedTwiceTakesPartOnce()
    {
        var organisations = (await Client.QueryAsync("{ organisations { id } }"))["organisations"]!.AsArray().Select(o => (string)o!["id"]!).ToList();
        string[] chosen = [organisations[0], organisations[^1]];

        var declared = await Client.DeclareStrikeAsync(input =>
        {
            input["participantIds"] = new[] { chosen[1], chosen[0], chosen[1] };
            input["kind"] = "INDUSTRIAL_ACTION";
        });

        var incident = await Client.IncidentAsync((string)declared["id"]!);
        Assert.Equal("INDUSTRIAL_ACTION", (string?)incident["kind"]);
        Assert.Equal(chosen.Order(), incident["participants"]!.AsArray().Select(p => (string?)p!["id"]).Order());
    }

    [Fact]
    public async Task AnIncidentIsPlannedUntilItsFirstReturnOpensAndActiveFromThen()
    {
        var id = (string)(await Client.DeclareStrikeAsync())["id"]!;
        Assert.Equal("PLANNED", (string?)(await Client.IncidentAsync(id))["status"]);

        // The first return, 08:00 BST (07:00Z) on 10 May, opens 15 minutes early.
        _api.Time.SetUtcNow(new DateTimeOffset(2016, 5, 10, 6, 44, 59, TimeSpan.Zero));
        Assert.Equal("PLANNED", (string?)(await Client.IncidentAsync(id))["status"]);

        _api.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ACTIVE", (string?)(await Client.IncidentAsync(id))["status"]);
    }

    [Fact]
    public async Task ARetrospectiveIncidentIsAcceptedAndActiveUntilStoodDown()
    {
        var declared = await Client.DeclareStrikeAsync(i => i["windows"] = new List<Dictionary<string, object?>> { IncidentMutationsClient.Window("2016-04-01", "08:00", "17:00") });

        Assert.Equal("ACTIVE", (string?)declared["status"]);
        Assert.Equal("2016-04-01T07:00:00Z", (string?)declared["periods"]![0]!["startsAt"]);
    }

    [Fact]
    public async Task AWindowOnTheDayTheClocksGoBackHasTwentyFivePeriods()
    {
        var declared = await Client.DeclareStrikeAsync(i => i["windows"] = new List<Dictionary<string, object?>> { IncidentMutationsClient.Window("2016-10-30", "00:00", "23:00") });

        var periods = (await Client.IncidentAsync((string)declared["id"]!))["periods"]!.AsArray();
        Assert.Equal(25, periods.Count);
        Assert.Equal("2016-10-29T23:00:00Z", (string?)periods[0]!["startsAt"]);
        Assert.Equal("2016-10-30T23:00:00Z", (string?)periods[^1]!["startsAt"]);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachBrokenRuleIsRefusedWithItsCodeAndFieldAndNothingIsStored(string rule)
    {
        var (breakRule, code, field) = RuleCases[rule];
        var input = IncidentMutationsClient.StrikeInput(await Client.GroupIdAsync());
        breakRule(input);

        var payload = await Client.DeclareAsync(input);

        Assert.Null(payload["incident"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(field, error.Field());
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.Equal(0, await Client.IncidentCountAsync());
    }

    [Fact]
    public async Task EveryProblemIsReportedTogether()
    {
        var input = IncidentMutationsClient.StrikeInput("999", reference: "");
        input["cadenceMinutes"] = 2;
        input["kind"] = "Strike";
        input.Windows()[0]["firstReportAt"] = "25:00";
        input["participantIds"] = new[] { "998" };

        var payload = await Client.DeclareAsync(input);

        Assert.Null(payload["incident"]);
        Assert.Equal(
            ["GROUP_NOT_FOUND", "INVALID_CADENCE", "INVALID_KIND", "INVALID_TIME", "ORGANISATION_NOT_FOUND", "REFERENCE_REQUIRED"],
            payload.Codes().Order());
        Assert.Equal(0, await Client.IncidentCountAsync());
    }

    [Fact]
    public async Task AReferenceAlreadyUsedIsRefused()
    {
        await Client.DeclareStrikeAsync();

        var payload = await Client.DeclareAsync(IncidentMutationsClient.StrikeInput(await Client.GroupIdAsync()));

        Assert.Null(payload["incident"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("REFERENCE_TAKEN", (string?)error["code"]);
        Assert.Equal(["reference"], error.Field());
        Assert.Equal(1, await Client.IncidentCountAsync());
    }

    [Fact]
    public async Task OfManyParallelDeclarationsWithOneReferenceExactlyOneIsStored()
    {
        var input = IncidentMutationsClient.StrikeInput(await Client.GroupIdAsync());

        var payloads = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Client.DeclareAsync(input)));

        Assert.Single(payloads, p => p["incident"] is not null);
        Assert.Equal(11, payloads.Count(p => p.Codes().SequenceEqual(["REFERENCE_TAKEN"])));
        Assert.Equal(1, await Client.IncidentCountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
