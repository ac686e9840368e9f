using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Incidents;

/// <summary>declareIncident and standDownIncident as a client sends them, with a valid declaration to vary.</summary>
internal static class IncidentMutationsClient
{
    public const string IncidentFields = """
        id reference title kind status declaredAt stoodDownAt
        group { id code }
        schedule { timeZone cadenceMinutes graceMinutes windows { date firstReportAt lastReportAt } }
        periods { startsAt endsAt dueAt }
        participants { id }
        """;

    private const string PayloadFields = "incident { " + IncidentFields + " } errors { code message field }";

    /// <summary>A strike in a fortnight's time, 08:00–17:00 local on two days, hourly with 15 minutes' grace.</summary>
    public static Dictionary<string, object?> StrikeInput(string groupId, string reference = "NCSRG-2016-05-JDIA") => new()
    {
        ["reference"] = reference,
        ["title"] = "Junior doctors' industrial action: emergency cover withdrawn",
        ["groupId"] = groupId,
        ["timeZone"] = "Europe/London",
        ["cadenceMinutes"] = 60,
        ["graceMinutes"] = 15,
        ["windows"] = new List<Dictionary<string, object?>> { Window("2016-05-10", "08:00", "17:00"), Window("2016-05-11", "08:00", "17:00") },
    };

    public static Dictionary<string, object?> Window(string date, string first, string last) =>
        new() { ["date"] = date, ["firstReportAt"] = first, ["lastReportAt"] = last };

    public static List<Dictionary<string, object?>> Windows(this Dictionary<string, object?> input) =>
        (List<Dictionary<string, object?>>)input["windows"]!;

    public static async Task<JsonNode> DeclareAsync(this HttpClient client, Dictionary<string, object?> input) =>
        (await client.QueryAsync($"mutation($input: DeclareIncidentInput!) {{ declareIncident(input: $input) {{ {PayloadFields} }} }}", new { input }))["declareIncident"]!;

    public static async Task<JsonNode> StandDownAsync(this HttpClient client, string incidentId) =>
        (await client.QueryAsync($"mutation($id: ID!) {{ standDownIncident(incidentId: $id) {{ {PayloadFields} }} }}", new { id = incidentId }))["standDownIncident"]!;

    /// <summary>Declares the strike, which must succeed, and returns the incident.</summary>
    public static async Task<JsonNode> DeclareStrikeAsync(this HttpClient client, Action<Dictionary<string, object?>>? change = null)
    {
        var input = StrikeInput(await client.GroupIdAsync());
        change?.Invoke(input);
        var payload = await client.DeclareAsync(input);
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["incident"]!;
    }

    public static async Task<string> GroupIdAsync(this HttpClient client) =>
        (string)(await client.QueryAsync("{ resilienceGroups { id } }"))["resilienceGroups"]![0]!["id"]!;

    public static async Task<JsonNode> IncidentAsync(this HttpClient client, string id) =>
        (await client.QueryAsync($"query($id: ID!) {{ incident(id: $id) {{ {IncidentFields} }} }}", new { id }))["incident"]!;

    public static async Task<int> IncidentCountAsync(this HttpClient client) =>
        (await client.QueryAsync("{ incidents { id } }"))["incidents"]!.AsArray().Count;

    public static IEnumerable<string?> Codes(this JsonNode payload) => payload["errors"]!.AsArray().Select(e => (string?)e!["code"]);

    public static IEnumerable<string?> Field(this JsonNode error) => error["field"]!.AsArray().Select(f => (string?)f);
}
