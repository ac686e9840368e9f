using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;
using static ResilienceHub.Api.Tests.Features.Access.AccessClients;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>A reporter for one trust (RNN) can neither submit nor amend for another (RNL), however the request is dressed.</summary>
public sealed class ReporterIsolationTests : IAsyncLifetime
{
    private Scenario _scenario = null!;
    private HttpClient _otherTrust = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await Scenario.StartAsync();
        _otherTrust = _scenario.Api.CreateClientAs("Patient flow coordinator, RNN", "REPORTER", "RNN");
    }

    public async ValueTask DisposeAsync()
    {
        _otherTrust.Dispose();
        await _scenario.DisposeAsync();
    }

    private Task<int> StoredVersionsAsync() => _scenario.CountAsync(db => db.SitrepVersions.CountAsync());

    private Task<int> ForbiddenEntriesAsync() => _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == "FORBIDDEN" && a.OnBehalfOf == "RNL"));

    private async Task<string> DirectorSubmitsForRnlAsync(string? key = null) =>
        (string)(await _scenario.Client.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod, key) }))["submitSitrep"]!["sitrep"]!["id"]!;

    private static void AssertForbidden(GraphQLResponse response)
    {
        Assert.Equal(NotAuthorized, Assert.Single(response.ErrorCodes));
        Assert.Contains("North Cumbria University Hospitals", (string?)response.Errors![0]!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("\"sitrep\"", response.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReturnNamingAnotherTrustIsRefusedStoresNothingAndIsAudited()
    {
        var response = await _otherTrust.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) });

        AssertForbidden(response);
        Assert.Equal(0, await StoredVersionsAsync());
        Assert.Equal(1, await ForbiddenEntriesAsync());
    }

    [Fact]
    public async Task TheOrganisationWrittenInlineRatherThanInAVariableIsRefusedToo()
    {
        var input = _scenario.AcuteReturn(Scenario.FirstPeriod);
        var measures = string.Join(", ", Scenario.AcuteValues.Select(m => $"{{ code: \"{m.Key}\", value: {m.Value} }}"));
        var inline = $$"""
            mutation { submitSitrep(input: { incidentId: "{{input["incidentId"]}}", organisationId: "{{_scenario.Acute}}",
              periodStartsAt: "2016-04-26T07:00:00Z", opelLevel: 2, criticalIncidentDeclared: false, measures: [{{measures}}] }) { sitrep { id } errors { code } } }
            """;

        AssertForbidden(await _otherTrust.PostGraphQLAsync(inline));
        Assert.Equal(0, await StoredVersionsAsync());
    }

    [Fact]
    public async Task AnAmendmentOfAnotherTrustsReturnIsRefusedAndItsVersionsStayAsTheyWere()
    {
        var sitrepId = await DirectorSubmitsForRnlAsync();

        AssertForbidden(await _otherTrust.PostGraphQLAsync(Amend, new { input = Amendment(sitrepId, 1) }));

        Assert.Equal(1, await StoredVersionsAsync());
        Assert.Equal(1, await ForbiddenEntriesAsync());
    }

    [Theory]
    [InlineData("mutation($input: SubmitSitrepInput!) { harmless: submitSitrep(input: $input) { sitrep { id } errors { code } } }")]
    [InlineData("mutation($input: SubmitSitrepInput!) { ...Send } fragment Send on Mutation { submitSitrep(input: $input) { sitrep { id } errors { code } } }")]
    [InlineData("mutation($input: SubmitSitrepInput!) { ... on Mutation { submitSitrep(input: $input) { sitrep { id } errors { code } } } }")]
    [InlineData("mutation($input: SubmitSitrepInput!, $no: Boolean = false) { submitSitrep(input: $input) @skip(if: $no) { sitrep { id } errors { code } } }")]
    public async Task AliasesFragmentsAndDirectivesDoNotGetAReturnForAnotherTrustThrough(string mutation)
    {
        var response = await _otherTrust.PostGraphQLAsync(mutation, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) });

        AssertForbidden(response);
        Assert.Equal(0, await StoredVersionsAsync());
    }

    [Fact]
    public async Task TwoAliasedAmendmentsOfAnotherTrustsReturnAreRefusedBeforeEitherRuns()
    {
        var sitrepId = await DirectorSubmitsForRnlAsync();

        var response = await _otherTrust.PostGraphQLAsync(
            "mutation($a: AmendSitrepInput!, $b: AmendSitrepInput!) { first: amendSitrep(input: $a) { sitrep { id } } second: amendSitrep(input: $b) { sitrep { id } } }",
            new { a = Amendment(sitrepId, 1), b = Amendment(sitrepId, 1, "Another go") });

        // A reporter sends one write a request, so the document never reaches either return.
        Assert.Equal(["MAX_WRITES_EXCEEDED"], response.ErrorCodes);
        Assert.Equal(1, await StoredVersionsAsync());
        Assert.Equal(1, await _scenario.CountAsync(db => db.AuditEntries.CountAsync(a => a.Outcome == "REFUSED" && a.Action == "AMEND_SITREP")));
    }

    [Fact]
    public async Task RetryingWithAnotherTrustsIdempotencyKeyDoesNotHandBackItsReturn()
    {
        await DirectorSubmitsForRnlAsync(key: "rnl-0700-first");

        var response = await _otherTrust.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod, "rnl-0700-first") });

        AssertForbidden(response);
    }

    [Fact]
    public async Task APeriodAnotherTrustHasAlreadyReportedDoesNotRevealItsReturn()
    {
        await DirectorSubmitsForRnlAsync();

        var response = await _otherTrust.PostGraphQLAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) });

        AssertForbidden(response);
        Assert.DoesNotContain("ALREADY_SUBMITTED", response.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("existingSitrep", response.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReporterForSeveralTrustsMayWriteForEachOfThem()
    {
        using var both = _scenario.Api.CreateClient("REPORTER", "RNN", "RNL");

        var payload = (await both.QueryAsync(Submit, new { input = _scenario.AcuteReturn(Scenario.FirstPeriod) }))["submitSitrep"]!;

        Assert.Empty(payload["errors"]!.AsArray());
        Assert.Null(payload["sitrep"]!["onBehalfOf"]);
    }
}
