using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Tests.Infrastructure;

using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Tests.Features.Live;

/// <summary>What the live-update tests do over HTTP, and how they time it.</summary>
internal static class LiveClient
{
    public const string SitrepSubmitted =
        "subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id version opelLevel late organisation { odsCode } value(code: \"JUNIOR_DOCTORS_ABSENT\") amendmentReason } }";

    private const string Submit = "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { sitrep { id version } errors { code message } } }";
    private const string Amend = "mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { id version } errors { code message } } }";

    /// <summary>Milliseconds since the Unix epoch, as node's performance.timeOrigin + performance.now() counts them.</summary>
    /// <summary>The connection_init payload of a director's graphql-ws client: the token goes where a browser can put it.</summary>
    public static object DirectorConnection => new
    {
        authorization = "Bearer " + ApiFactory.Token(ApiFactory.DirectorName, [Roles.Director], []),
    };

    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static async Task<string> SubmitAsync(HttpClient client, JsonObject input)
    {
        var data = await client.QueryAsync(Submit, new { i = input });
        Assert.True(data["submitSitrep"]!["errors"]!.AsArray().Count == 0, data.ToJsonString());
        return (string)data["submitSitrep"]!["sitrep"]!["id"]!;
    }

    public static async Task<int> AmendAsync(HttpClient client, string sitrepId, int expectedVersion, int juniorDoctorsAbsent)
    {
        var input = new JsonObject
        {
            ["sitrepId"] = sitrepId,
            ["expectedVersion"] = expectedVersion,
            ["reason"] = $"Recount of absent junior doctors ({juniorDoctorsAbsent}).",
            ["opelLevel"] = 3,
            ["criticalIncidentDeclared"] = false,
            ["measures"] = new JsonArray([.. Scenario.AcuteValues.Select(m => (JsonNode)new JsonObject
            {
                ["code"] = m.Key,
                ["value"] = m.Key == "JUNIOR_DOCTORS_ABSENT" ? juniorDoctorsAbsent : m.Value,
            })]),
        };
        var data = await client.QueryAsync(Amend, new { i = input });
        Assert.True(data["amendSitrep"]!["errors"]!.AsArray().Count == 0, data.ToJsonString());
        return (int)data["amendSitrep"]!["sitrep"]!["version"]!;
    }

    public static async Task WaitForSubscribersAsync(ApiFactory api, int count)
    {
        var hub = api.Services.GetRequiredService<IncidentEventHub>();
        var reached = await Eventually.FindAsync(() => hub.Subscribers == count ? hub : null, TimeSpan.FromSeconds(60));
        Assert.True(reached is not null, $"expected {count} subscribers on the instance, found {hub.Subscribers}");
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static bool IsNext(JsonObject line) => (string?)line["type"] == "next";

    public static string Describe(string what, IReadOnlyList<double> latenciesMs)
    {
        var sorted = latenciesMs.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: {sorted.Count} events, submission→event latency median {At(0.5):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms");
    }
}
