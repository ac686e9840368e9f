using System.Text.Json.Nodes;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>The callers of the role tests, and the writes they attempt, as a client sends them.</summary>
internal static class AccessClients
{
    public const string Allowed = "ALLOWED";
    public const string NotAuthenticated = "AUTH_NOT_AUTHENTICATED";
    public const string NotAuthorized = "AUTH_NOT_AUTHORIZED";

    public const string Submit = "mutation($input: SubmitSitrepInput!) { submitSitrep(input: $input) { sitrep { id version submittedBy onBehalfOf } errors { code message } existingSitrep { id } } }";
    public const string Amend = "mutation($input: AmendSitrepInput!) { amendSitrep(input: $input) { sitrep { id version submittedBy onBehalfOf } errors { code message } } }";

    public const string SignOff = "mutation($id: ID!, $version: Int!) { signOffSitrep(sitrepId: $id, version: $version) { sitrep { id signedOffBy } errors { code message } } }";

    /// <summary>anonymous, NOROLE (a valid token with no role), VIEWER, ADMIN, REPORTER:RNL, REPORTER:RNN, DIRECTOR.</summary>
    public static HttpClient For(ApiFactory api, string caller) => caller switch
    {
        "anonymous" => api.CreateAnonymousClient(),
        "NOROLE" => ApiFactory.WithToken(api.CreateClient(), ApiFactory.Token("Someone without a role", [], [])),
        _ when caller.Split(':') is [var role, var ods] => api.CreateClient(role, ods),
        _ => api.CreateClient(caller),
    };

    /// <summary>The first error's code, else the payload's first user error's code, or ALLOWED when the request ran and its payload (if any) holds no user errors.</summary>
    public static string Outcome(GraphQLResponse response, string? payload = null)
    {
        if (response.ErrorCodes.FirstOrDefault() is { } code)
        {
            return code;
        }

        return payload is not null && response.Data![payload]!["errors"]!.AsArray().FirstOrDefault() is { } error ? (string)error["code"]! : Allowed;
    }

    /// <summary>The same return with only its content fields, as amendSitrep takes it.</summary>
    public static JsonObject Amendment(string sitrepId, int expectedVersion, string reason = "Corrected after a phone call")
    {
        var input = Scenario.AcuteReturn(1, 1, Scenario.FirstPeriod);
        foreach (var name in new[] { "incidentId", "organisationId", "periodStartsAt" })
        {
            input.Remove(name);
        }

        input["sitrepId"] = sitrepId;
        input["expectedVersion"] = expectedVersion;
        input["reason"] = reason;
        input["opelLevel"] = 3;
        return input;
    }
}
