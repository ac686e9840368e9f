using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// An API with the North Cumbria reference data and one incident of its own (no returns yet):
/// 26–27 April 2016, 08:00–17:00 Europe/London, hourly, grace 15 minutes, every member but the
/// county council's adult social care taking part. The clock starts at 07:30Z on the 26th.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    public const string Reference = "TEST-STRIKE";
    public static readonly DateTime FirstPeriod = new(2016, 4, 26, 7, 0, 0, DateTimeKind.Utc);

    private Scenario(ApiFactory api, HttpClient client)
    {
        Api = api;
        Client = client;
    }

    public ApiFactory Api { get; }
    public HttpClient Client { get; }
    public int IncidentId { get; private set; }
    public Dictionary<string, int> Organisations { get; private set; } = [];

    public int Acute => Organisations["RNL"];
    public int NonParticipant => Organisations["LOCAL-CCC-ASC"];

    /// <param name="now">Where the API's clock starts, if not at 07:30Z on the 26th; it only moves forward.</param>
    /// <param name="configure">Settings for the API before it starts (e.g. <c>UseKestrel(0)</c>).</param>
    public static async Task<Scenario> StartAsync(DateTimeOffset? now = null, Action<ApiFactory>? configure = null)
    {
        var api = new ApiFactory(demo: false, now);
        configure?.Invoke(api);
        var scenario = new Scenario(api, api.CreateClient());
        await using var db = Contexts.Sqlite(api.DatabasePath);
        scenario.Organisations = await db.Organisations.ToDictionaryAsync(o => o.OdsCode, o => o.Id, TestContext.Current.CancellationToken);
        var group = await db.ResilienceGroups.Include(g => g.Members).SingleAsync(TestContext.Current.CancellationToken);
        var incident = new Incident
        {
            Reference = Reference, Title = "Test strike", Kind = "INDUSTRIAL_ACTION", GroupId = group.Id, TimeZone = "Europe/London",
            CadenceMinutes = 60, GraceMinutes = 15, DeclaredAt = FirstPeriod.AddDays(-6), DeclaredBy = "test",
            Windows = [
                new() { Date = new DateOnly(2016, 4, 26), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(17, 0) },
                new() { Date = new DateOnly(2016, 4, 27), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(17, 0) },
            ],
            Participants = [.. group.Members.Where(m => m.OrganisationId != scenario.NonParticipant).Select(m => new IncidentParticipant { OrganisationId = m.OrganisationId })],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        scenario.IncidentId = incident.Id;
        return scenario;
    }

    /// <summary>A valid return for the acute trust: every acute measure, all bounds kept.</summary>
    public static JsonObject AcuteReturn(int incidentId, int organisationId, DateTime period, string? idempotencyKey = null) => new()
    {
        ["incidentId"] = incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["organisationId"] = organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["periodStartsAt"] = period.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["opelLevel"] = 2,
        ["criticalIncidentDeclared"] = false,
        ["measures"] = new JsonArray([.. AcuteValues.Select(m => (JsonNode)new JsonObject { ["code"] = m.Key, ["value"] = m.Value })]),
        ["keyIssues"] = "Junior doctors absent from 08:00; ED busy, flow maintained.",
        ["idempotencyKey"] = idempotencyKey,
    };

    public JsonObject AcuteReturn(DateTime period, string? idempotencyKey = null) => AcuteReturn(IncidentId, Acute, period, idempotencyKey);

    public static readonly IReadOnlyDictionary<string, int> AcuteValues = new Dictionary<string, int>
    {
        ["ELECTIVE_OPS_PLANNED"] = 40, ["ELECTIVE_OPS_POSTPONED"] = 12, ["OUTPATIENT_APPTS_PLANNED"] = 400, ["OUTPATIENT_APPTS_POSTPONED"] = 150,
        ["ED_PATIENTS_IN_DEPARTMENT"] = 35, ["ED_PATIENTS_OVER_4H"] = 8, ["ED_PATIENTS_OVER_12H"] = 1, ["AMBULANCE_HANDOVERS_OVER_60M"] = 2,
        ["GA_BEDS_OPEN"] = 600, ["GA_BEDS_OCCUPIED"] = 570, ["JUNIOR_DOCTORS_ROSTERED"] = 120, ["JUNIOR_DOCTORS_ABSENT"] = 92,
        ["CONSULTANTS_COVERING"] = 45,
    };

    public async Task<int> CountAsync(Func<Api.Data.ResilienceDbContext, Task<int>> count)
    {
        await using var db = Contexts.Sqlite(Api.DatabasePath);
        return await count(db);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
