using System.Globalization;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.Tests.Conformance;
using static ResilienceHub.Api.Tests.Features.Live.LiveClient;

namespace ResilienceHub.Api.Tests.Features.Log;

/// <summary>The log and the actions live, through the npm graphql-ws client on a real port.</summary>
public sealed class LogSubscriptionTests
{
    [Fact]
    public async Task EachEntryAndEachActionVersionReachesTheScreenAsItWasWritten()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddHours(3)), configure: api => api.UseKestrel(0));
        var incident = Id(scenario.IncidentId);
        await using var log = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = DirectorConnection,
            query = "subscription($id: ID!) { logChanged(incidentId: $id) { number summary corrects { number } } }",
            variables = new { id = incident },
            events = 2,
            timeoutMs = 60_000,
        });
        await using var actions = NodeConformance.StartLiveClients(scenario.Api.GraphQLEndpoint, new
        {
            connectionParams = DirectorConnection,
            query = "subscription($id: ID!) { actionChanged(incidentId: $id) { number status version updates { note } } }",
            variables = new { id = incident },
            events = 2,
            timeoutMs = 60_000,
        });
        await log.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await actions.WaitForAsync(line => (string?)line["type"] == "connected", TimeSpan.FromSeconds(30));
        await WaitForSubscribersAsync(scenario.Api, 2);

        var entry = (string)(await scenario.Client.QueryAsync(DecisionLogTests.Record, new
        {
            input = new { incidentId = incident, kind = "DECISION", summary = "Open ward 5" },
        }))["recordLogEntry"]!["entry"]!["id"]!;
        await scenario.Client.QueryAsync(DecisionLogTests.Correct, new { input = new { entryId = entry, summary = "Open ward 6", reason = "Wrong ward" } });
        var action = (string)(await scenario.Client.QueryAsync(
            "mutation($input: RaiseActionInput!) { raiseAction(input: $input) { action { id } } }",
            new { input = new { incidentId = incident, title = "Staff ward 6", ownerId = scenario.Acute.ToString(CultureInfo.InvariantCulture) } }))["raiseAction"]!["action"]!["id"]!;
        scenario.Api.Time.Advance(TimeSpan.FromMinutes(20));
        await scenario.Client.QueryAsync(
            "mutation($input: UpdateActionInput!) { updateAction(input: $input) { errors { code } } }",
            new { input = new { actionId = action, expectedVersion = 1, status = "DONE", note = "Staffed" } });

        var recorded = (await log.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["logChanged"]!;
        var correction = (await log.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["logChanged"]!;
        var raised = (await actions.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["actionChanged"]!;
        var done = (await actions.WaitForAsync(IsNext, TimeSpan.FromSeconds(30)))["payload"]!["data"]!["actionChanged"]!;

        Assert.Equal((1, "Open ward 5"), ((int)recorded["number"]!, (string)recorded["summary"]!));
        Assert.Null(recorded["corrects"]);
        Assert.Equal((2, 1), ((int)correction["number"]!, (int)correction["corrects"]!["number"]!));
        // Each version as that change left it, even though the update was stored before the first event was read.
        Assert.Equal(("OPEN", 1, 0), ((string)raised["status"]!, (int)raised["version"]!, raised["updates"]!.AsArray().Count));
        Assert.Equal(("DONE", 2, "Staffed"), ((string)done["status"]!, (int)done["version"]!, (string)done["updates"]![0]!["note"]!));
    }
}
