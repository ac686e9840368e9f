using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Sitreps;

public sealed class SubmitSitrepTests : IAsyncLifetime
{
    private const string Submit = """
        mutation($input: SubmitSitrepInput!) {
          submitSitrep(input: $input) {
            sitrep { id version late submittedAt submittedBy opelLevel period { startsAt } measures { measure { code } value } }
            errors { code message field }
            existingSitrep { id version }
          }
        }
        """;

    private Scenario _scenario = null!;

    // The clock starts at 06:30Z, before the incident's first return opens; tests move it on.
    public async ValueTask InitializeAsync() => _scenario = await Scenario.StartAsync(Scenario.FirstPeriod.AddMinutes(-30));

    /// <summary>07:30Z: the first period (07:00Z) is open and late, the 09:00Z period not yet open.</summary>
    private void DuringTheFirstHour() => _scenario.Api.Time.SetUtcNow(Scenario.FirstPeriod.AddMinutes(30));

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private async Task<JsonNode> SubmitAsync(JsonObject input, HttpClient? client = null)
    {
        var data = await (client ?? _scenario.Client).QueryAsync(Submit, new { input });
        return data["submitSitrep"]!;
    }

    private Task<int> StoredReturnsAsync() => _scenario.CountAsync(db => db.SitrepVersions.CountAsync());

    [Fact]
    public async Task AcceptsAReturnOnTimeAndRecordsWhoSentIt()
    {
        _scenario.Api.Time.SetUtcNow(Scenario.FirstPeriod.AddMinutes(5));
        using var client = _scenario.Api.CreateClientAs("Site manager, RNL", "REPORTER", "RNL");

        var payload = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod), client);

        Assert.Empty(payload["errors"]!.AsArray());
        var sitrep = payload["sitrep"]!;
        Assert.Equal(1, (int)sitrep["version"]!);
        Assert.False((bool)sitrep["late"]!);
        Assert.Equal("Site manager, RNL", (string?)sitrep["submittedBy"]);
        Assert.Equal("2016-04-26T07:05:00Z", (string?)sitrep["submittedAt"]);
        Assert.Equal("2016-04-26T07:00:00Z", (string?)sitrep["period"]!["startsAt"]);
        Assert.Equal(Scenario.AcuteValues.Count, sitrep["measures"]!.AsArray().Count);
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task AcceptsALateReturnAndMarksItLate()
    {
        _scenario.Api.Time.SetUtcNow(Scenario.FirstPeriod.AddMinutes(15).AddSeconds(1));

        var payload = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        Assert.Empty(payload["errors"]!.AsArray());
        Assert.True((bool)payload["sitrep"]!["late"]!);
        Assert.Equal(ApiFactory.DirectorName, (string?)payload["sitrep"]!["submittedBy"]);
    }

    [Fact]
    public async Task AReturnSentExactlyAtItsDueTimeIsOnTime()
    {
        _scenario.Api.Time.SetUtcNow(Scenario.FirstPeriod.AddMinutes(15));

        var payload = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        Assert.False((bool)payload["sitrep"]!["late"]!);
    }

    public static TheoryData<string, string, string> InvalidInputs => new()
    {
        { "unknown incident", "INCIDENT_NOT_FOUND", "incidentId" },
        { "unknown organisation", "ORGANISATION_NOT_FOUND", "organisationId" },
        { "organisation outside the incident", "NOT_A_PARTICIPANT", "organisationId" },
        { "not a report time", "NOT_A_REPORT_TIME", "periodStartsAt" },
        { "period not yet open", "PERIOD_NOT_OPEN", "periodStartsAt" },
        { "OPEL 0", "OPEL_LEVEL_OUT_OF_RANGE", "opelLevel" },
        { "OPEL 5", "OPEL_LEVEL_OUT_OF_RANGE", "opelLevel" },
        { "unknown measure", "UNKNOWN_MEASURE", "measures.13.code" },
        { "measure of another organisation type", "MEASURE_NOT_APPLICABLE", "measures.13.code" },
        { "duplicate measure", "DUPLICATE_MEASURE", "measures.13.code" },
        { "negative value", "NEGATIVE_VALUE", "measures.4.value" },
        { "postponed above planned", "EXCEEDS_BOUND", "measures.1.value" },
        { "required measure missing", "REQUIRED_MEASURE_MISSING", "measures" },
        { "key issues too long", "TEXT_TOO_LONG", "keyIssues" },
        { "support requested too long", "TEXT_TOO_LONG", "supportRequested" },
        { "empty idempotency key", "INVALID_IDEMPOTENCY_KEY", "idempotencyKey" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task RefusesABadInputNamingTheRuleAndTheFieldAndStoresNothing(string problem, string code, string field)
    {
        DuringTheFirstHour();
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        var measures = input["measures"]!.AsArray();
        switch (problem)
        {
            case "unknown incident": input["incidentId"] = "424242"; break;
            case "unknown organisation": input["organisationId"] = "999"; break;
            case "organisation outside the incident": input["organisationId"] = _scenario.NonParticipant.ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "not a report time": input["periodStartsAt"] = "2016-04-26T07:30:00Z"; break;
            case "period not yet open": input["periodStartsAt"] = "2016-04-26T09:00:00Z"; break;
            case "OPEL 0": input["opelLevel"] = 0; break;
            case "OPEL 5": input["opelLevel"] = 5; break;
            case "unknown measure": measures.Add(new JsonObject { ["code"] = "BEDS_ON_THE_MOON", ["value"] = 1 }); break;
            case "measure of another organisation type": measures.Add(new JsonObject { ["code"] = "NHS111_CALLS_OFFERED", ["value"] = 1 }); break;
            case "duplicate measure": measures.Add(new JsonObject { ["code"] = "ELECTIVE_OPS_PLANNED", ["value"] = 40 }); break;
            case "negative value": measures[4]!["value"] = -1; break;
            case "postponed above planned": measures[1]!["value"] = 41; break;
            case "required measure missing": measures.RemoveAt(12); break;
            case "key issues too long": input["keyIssues"] = new string('x', 2001); break;
            case "support requested too long": input["supportRequested"] = new string('x', 2001); break;
            case "empty idempotency key": input["idempotencyKey"] = ""; break;
        }

        var payload = await SubmitAsync(input);

        Assert.Null(payload["sitrep"]);
        var errors = payload["errors"]!.AsArray();
        // Social care sends none of the acute measures, so that case brings their refusals too.
        var error = problem == "organisation outside the incident" ? errors[0]! : Assert.Single(errors)!;
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(field, string.Join('.', error["field"]!.AsArray().Select(f => (string?)f)));
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.Equal(0, await StoredReturnsAsync());
    }

    [Fact]
    public async Task ReportsEveryProblemOfOneInputTogether()
    {
        DuringTheFirstHour();
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["opelLevel"] = 9;
        input["measures"]![0]!["value"] = -3;
        input["measures"]!.AsArray().Add(new JsonObject { ["code"] = "NOPE", ["value"] = 1 });
        input["mitigations"] = new string('m', 5000);

        var payload = await SubmitAsync(input);

        Assert.Equal(
            ["OPEL_LEVEL_OUT_OF_RANGE", "TEXT_TOO_LONG", "NEGATIVE_VALUE", "UNKNOWN_MEASURE"],
            payload["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(0, await StoredReturnsAsync());
    }

    [Fact]
    public async Task RefusesAReturnForAStoodDownIncident()
    {
        DuringTheFirstHour();
        await using (var db = Contexts.Sqlite(_scenario.Api.DatabasePath))
        {
            await db.Incidents.Where(i => i.Id == _scenario.IncidentId)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.StoodDownAt, Scenario.FirstPeriod), TestContext.Current.CancellationToken);
        }

        var payload = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        Assert.Equal("INCIDENT_STOOD_DOWN", (string?)payload["errors"]![0]!["code"]);
        Assert.Equal(0, await StoredReturnsAsync());
    }

    [Fact]
    public async Task RefusesAReturnBeforeTheIncidentStarts()
    {
        var payload = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        Assert.Equal(["INCIDENT_NOT_ACTIVE"], payload["errors"]!.AsArray().Select(e => (string?)e!["code"]));
        Assert.Equal(0, await StoredReturnsAsync());
    }

    [Fact]
    public async Task ASecondReturnForTheSamePeriodIsRefusedWithTheFirstReturnsId()
    {
        DuringTheFirstHour();
        var first = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        var second = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));

        Assert.Equal("ALREADY_SUBMITTED", (string?)second["errors"]![0]!["code"]);
        Assert.Equal((string?)first["sitrep"]!["id"], (string?)second["existingSitrep"]!["id"]);
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task ARetryWithTheSameKeyReturnsTheOriginalWithoutANewVersion()
    {
        DuringTheFirstHour();
        var first = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod, "retry-key-1"));
        _scenario.Api.Time.Advance(TimeSpan.FromMinutes(3));

        var replay = await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod, "retry-key-1"));

        Assert.Empty(replay["errors"]!.AsArray());
        Assert.Equal((string?)first["sitrep"]!["id"], (string?)replay["sitrep"]!["id"]);
        Assert.Equal(1, (int)replay["sitrep"]!["version"]!);
        Assert.Equal((string?)first["sitrep"]!["submittedAt"], (string?)replay["sitrep"]!["submittedAt"]);
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task AKeyReusedForDifferentContentIsRefused()
    {
        DuringTheFirstHour();
        await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod, "retry-key-2"));
        var changed = _scenario.AcuteReturn(Scenario.FirstPeriod, "retry-key-2");
        changed["opelLevel"] = 3;

        var payload = await SubmitAsync(changed);

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (string?)payload["errors"]![0]!["code"]);
        Assert.Equal(["idempotencyKey"], payload["errors"]![0]!["field"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task ManyParallelSubmissionsForOnePeriodStoreExactlyOneReturn()
    {
        DuringTheFirstHour();
        const int Writers = 24;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            using var client = _scenario.Api.CreateClient();
            return await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod), client);
        }));

        var accepted = results.Where(r => r["sitrep"] is not null).ToList();
        Assert.Single(accepted);
        Assert.All(results.Where(r => r["sitrep"] is null), r =>
        {
            Assert.Equal("ALREADY_SUBMITTED", (string?)r["errors"]![0]!["code"]);
            Assert.Equal((string?)accepted[0]["sitrep"]!["id"], (string?)r["existingSitrep"]!["id"]);
        });
        Assert.Equal(1, await _scenario.CountAsync(db => db.Sitreps.CountAsync()));
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task ParallelRetriesWithOneKeyAllReturnTheSameReturn()
    {
        DuringTheFirstHour();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var client = _scenario.Api.CreateClient();
            return await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod, "burst-key"), client);
        }));

        Assert.All(results, r => Assert.Empty(r["errors"]!.AsArray()));
        Assert.Single(results.Select(r => (string?)r["sitrep"]!["id"]).Distinct());
        Assert.Equal(1, await StoredReturnsAsync());
    }

    [Fact]
    public async Task EachAcceptedReturnAndEachRefusalIsCounted()
    {
        DuringTheFirstHour();
        var meters = _scenario.Api.Services.GetRequiredService<IMeterFactory>();
        using var received = new MetricCollector<long>(meters, ResilienceMetrics.MeterName, "resiliencehub.returns.received");
        using var refused = new MetricCollector<long>(meters, ResilienceMetrics.MeterName, "resiliencehub.validation.refusals");
        var bad = _scenario.AcuteReturn(Scenario.FirstPeriod);
        bad["opelLevel"] = 7;

        await SubmitAsync(_scenario.AcuteReturn(Scenario.FirstPeriod));
        await SubmitAsync(bad);

        Assert.Equal(["1 acute_trust late"], received.GetMeasurementSnapshot().Select(m => $"{m.Value} {m.Tags["organisation.type"]} {m.Tags["timeliness"]}"));
        Assert.Equal(["OPEL_LEVEL_OUT_OF_RANGE"], refused.GetMeasurementSnapshot().Select(m => (string?)m.Tags["error.code"]));
    }

    [Fact]
    public async Task AnInstantWithoutATimeZoneIsRefusedAsAnInputError()
    {
        DuringTheFirstHour();
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        input["periodStartsAt"] = "2016-04-26T08:00:00";

        var response = await _scenario.Client.PostGraphQLAsync(Submit, new { input });

        Assert.Null(response.Data);
        Assert.Contains("periodStartsAt", response.Errors![0]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("INVALID_VALUE", response.ErrorCodes.Single());
        Assert.Equal(0, await StoredReturnsAsync());
    }
}
