using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Log;

/// <summary>
/// An incident's decision log and actions as one CSV for the incident's record: every entry in number order (corrected
/// ones too, with what corrects them), then every action as it was raised, each followed by its updates.
/// </summary>
public static class LogExport
{
    public const string Pattern = "/incidents/{id}/log.csv";

    private static readonly string[] Header =
    [
        "incident", "record", "number", "kind", "status", "summary", "rationale", "options_considered", "decision_maker", "owner_ods_code",
        "owner_name", "due_at", "decision_number", "at", "recorded_at", "by", "delay_reason", "based_on_as_of", "corrects_number",
        "corrected_by_number", "reason_or_note", "version",
    ];

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Pattern, ExportAsync).WithDisplayName("Log CSV export");

    private static async Task<IResult> ExportAsync(
        string id, HttpContext http, IDbContextFactory<ResilienceDbContext> contexts, ReferenceDataCache referenceData, IOptions<AccessOptions> access, AuditTrail audit,
        TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        if (await IncidentDownloads.ReadableAsync(id, "Log export", http, db, catalogue, access.Value, audit) is not { } incident)
        {
            return Results.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var entries = await LogQueries.Entries(db, incident.Id, now).OrderBy(e => e.Number).ToListAsync(cancellationToken);
        var numbers = entries.ToDictionary(e => e.Id, e => e.Number);
        var correctedBy = entries.Where(e => e.CorrectsId is not null).ToDictionary(e => e.CorrectsId!.Value, e => e.Number);
        var actions = await LogQueries.Actions(db, incident.Id, now).ToListAsync(cancellationToken);

        await using var csv = await IncidentDownloads.StartCsvAsync(http, incident, $"{incident.Reference}-log.csv");
        await csv.WriteRowAsync(Header, cancellationToken);
        foreach (var e in entries)
        {
            await csv.WriteRowAsync(
            [
                incident.Reference, "LOG_ENTRY", Number(e.Number), Name(e.Kind), null, e.Summary, e.Rationale, string.Join(" | ", e.OptionsConsidered),
                e.DecisionMaker, null, null, null, null, Instant(e.OccurredAt), Instant(e.RecordedAt), e.RecordedBy, e.DelayReason, Instant(e.BasedOnAsOf),
                e.CorrectsId is { } corrects ? Number(numbers[corrects]) : null, correctedBy.TryGetValue(e.Id, out var by) ? Number(by) : null,
                e.CorrectionReason, null,
            ], cancellationToken);
        }

        foreach (var a in actions)
        {
            var owner = a.OwnerId is { } ownerId ? catalogue.OrganisationsById.GetValueOrDefault(ownerId)?.OdsCode : null;
            var decision = a.DecisionId is { } decisionId && numbers.TryGetValue(decisionId, out var number) ? Number(number) : null;
            await csv.WriteRowAsync(
            [
                incident.Reference, "ACTION", Number(a.Number), null, Name(ActionStatus.Open), a.Title, null, null, null, owner, a.OwnerName,
                a.DueAt is { } due ? Instant(due) : null, decision, Instant(a.RaisedAt), Instant(a.RaisedAt), a.RaisedBy, null, null, null, null, null, "1",
            ], cancellationToken);
            foreach (var u in a.Updates.OrderBy(u => u.Version))
            {
                await csv.WriteRowAsync(
                [
                    incident.Reference, "ACTION_UPDATE", Number(a.Number), null, Name(u.Status), a.Title, null, null, null, owner, a.OwnerName,
                    null, null, Instant(u.At), Instant(u.At), u.By, null, null, null, null, u.Note, Number(u.Version),
                ], cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Instant(DateTime instant) => UtcDateTimeGraphType.Write(instant);

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToUpperInvariant();
}
