using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.ReferenceData;

/// <summary>saveOrganisation, saveResilienceGroup and saveMeasure as a client sends them, with valid inputs to vary.</summary>
internal static class ReferenceDataClient
{
    public const string SaveOrganisation = "mutation($input: SaveOrganisationInput!) { saveOrganisation(input: $input) { organisation { id odsCode name type localIdentifier active groups { code } } errors { code message field } } }";
    public const string SaveGroup = "mutation($input: SaveResilienceGroupInput!) { saveResilienceGroup(input: $input) { group { id code name members { id odsCode } } errors { code message field } } }";
    public const string SaveMeasure = "mutation($input: SaveMeasureInput!) { saveMeasure(input: $input) { measure { code name unit kind appliesTo requiredFor mustNotExceed warningAbove criticalAbove maxValue retired history { revision changedAt changedBy reason name requiredFor maxValue retired } } errors { code message field } } }";

    /// <summary>An admin acting in these groups (<c>*</c>: every group).</summary>
    public static HttpClient Admin(ApiFactory api, params string[] groups) =>
        ApiFactory.WithToken(api.CreateClient(), ApiFactory.Token($"Admin of {string.Join('+', groups)}", ["ADMIN"], [], groups));

    public static Dictionary<string, object?> Organisation(string odsCode = "RXN", string name = "Lancashire Teaching Hospitals NHS Foundation Trust", string type = "ACUTE_TRUST") => new()
    {
        ["odsCode"] = odsCode,
        ["name"] = name,
        ["type"] = type,
    };

    public static Dictionary<string, object?> Group(string code, string name, params string[] memberIds) => new()
    {
        ["code"] = code,
        ["name"] = name,
        ["memberIds"] = memberIds,
    };

    /// <summary>A new optional measure for acute trusts, bounded by nothing.</summary>
    public static Dictionary<string, object?> Measure(string code = "CORRIDOR_CARE_PATIENTS", string reason = "Asked for by the regional desk") => new()
    {
        ["code"] = code,
        ["name"] = "Patients cared for in corridors now",
        ["unit"] = "patients",
        ["kind"] = "SNAPSHOT",
        ["appliesTo"] = new[] { "ACUTE_TRUST" },
        ["requiredFor"] = Array.Empty<string>(),
        ["reason"] = reason,
    };

    public static async Task<JsonNode> SaveAsync(this HttpClient client, string mutation, Dictionary<string, object?> input)
    {
        var field = mutation == SaveOrganisation ? "saveOrganisation" : mutation == SaveGroup ? "saveResilienceGroup" : "saveMeasure";
        return (await client.QueryAsync(mutation, new { input }))[field]!;
    }

    /// <summary>Saves, which must succeed, and returns what was saved.</summary>
    public static async Task<JsonNode> SavedAsync(this HttpClient client, string mutation, Dictionary<string, object?> input)
    {
        var payload = await client.SaveAsync(mutation, input);
        Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());
        return payload[mutation == SaveOrganisation ? "organisation" : mutation == SaveGroup ? "group" : "measure"]!;
    }

    /// <summary>Each error as (code, field path joined with dots).</summary>
    public static IEnumerable<(string? Code, string Field)> Problems(this JsonNode payload) =>
        payload["errors"]!.AsArray().Select(e => ((string?)e!["code"], string.Join('.', e["field"]?.AsArray().Select(f => (string?)f) ?? [])));

    /// <summary>The definition of one measure of the catalogue, as saveMeasure takes it back.</summary>
    public static async Task<Dictionary<string, object?>> MeasureInputAsync(this HttpClient client, string code, string reason)
    {
        var measure = (await client.QueryAsync("{ measures { code name unit kind appliesTo requiredFor mustNotExceed warningAbove criticalAbove maxValue retired } }"))["measures"]!
            .AsArray().Single(m => (string?)m!["code"] == code)!;
        return new()
        {
            ["code"] = code,
            ["name"] = (string?)measure["name"],
            ["unit"] = (string?)measure["unit"],
            ["kind"] = (string?)measure["kind"],
            ["appliesTo"] = measure["appliesTo"]!.AsArray().Select(t => (string?)t).ToArray(),
            ["requiredFor"] = measure["requiredFor"]!.AsArray().Select(t => (string?)t).ToArray(),
            ["mustNotExceed"] = (string?)measure["mustNotExceed"],
            ["warningAbove"] = (int?)measure["warningAbove"],
            ["criticalAbove"] = (int?)measure["criticalAbove"],
            ["maxValue"] = (int?)measure["maxValue"],
            ["reason"] = reason,
        };
    }
}
