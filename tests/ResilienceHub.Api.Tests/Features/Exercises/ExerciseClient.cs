using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Exercises;

internal static class ExerciseClient
{
    public const string DemoReference = "NCSRG-2016-04-JDIA";

    /// <summary>What a dashboard shows that a replay must repeat: totals, OPEL, compliance, each organisation's state and the alerts.</summary>
    public const string DashboardFields = """
        exercise systemOpelLevel opelSpread { level organisations }
        compliance { expected onTime late overdue percentOnTime signedOff awaitingSignOff nil }
        totals { measure { code } value incidentToDate reportingOrganisations }
        organisations { organisation { odsCode } currentReturn opelLevel latest { version late opelLevel } overduePeriods { localDate } }
        alerts { severity kind organisation { odsCode } message }
        """;

    public static async Task<string> IncidentIdAsync(this HttpClient client, string reference) =>
        (string)(await client.QueryAsync("{ incidents { id reference } }"))["incidents"]!.AsArray().Single(i => (string)i!["reference"]! == reference)!["id"]!;

    public static async Task<string> OrganisationIdAsync(this HttpClient client, string odsCode) =>
        (string)(await client.QueryAsync("query($ods: String!) { organisation(odsCode: $ods) { id } }", new { ods = odsCode }))["organisation"]!["id"]!;

    public static async Task<JsonNode> StartReplayAsync(this HttpClient client, object input) =>
        (await client.QueryAsync(
            "mutation($i: StartReplayExerciseInput!) { startReplayExercise(input: $i) { incident { id reference exercise replaySpeed replayOf { id reference } status periods { startsAt dueAt opensAt localDate } } errors { code message field } } }",
            new { i = input }))["startReplayExercise"]!;

    public static async Task<JsonNode> DeleteExerciseAsync(this HttpClient client, string incidentId, string reason = "Exercise debriefed; its data is no longer needed.") =>
        (await client.QueryAsync("mutation($id: ID!, $reason: String!) { deleteExercise(incidentId: $id, reason: $reason) { deleted errors { code message field } } }",
            new { id = incidentId, reason }))["deleteExercise"]!;

    public static async Task<JsonNode> DashboardAsync(this HttpClient client, string incidentId, DateTime asOf) =>
        (await client.QueryAsync($"query($id: ID!, $asOf: DateTime) {{ incident(id: $id) {{ dashboard(asOf: $asOf) {{ {DashboardFields} }} }} }}",
            new { id = incidentId, asOf = Format(asOf) }))["incident"]!["dashboard"]!;

    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<string> Codes(JsonNode payload) => payload["errors"]!.AsArray().Select(e => $"{e!["code"]} {string.Join('.', e["field"]!.AsArray().Select(f => (string)f!))}");
}
