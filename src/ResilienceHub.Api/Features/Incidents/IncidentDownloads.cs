using CsvHelper;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>What every download of an incident's records (its returns, its log) asks before it writes a byte.</summary>
public static class IncidentDownloads
{
    /// <summary>
    /// The incident, if the caller may read it; null for one that does not exist and, so that a download tells nobody
    /// what another group has, for one outside the caller's groups too (that attempt is kept in the audit trail).
    /// </summary>
    public static async Task<IncidentView?> ReadableAsync(
        string id, string what, HttpContext http, ResilienceDbContext db, ReferenceDataSnapshot catalogue, AccessOptions access, AuditTrail audit)
    {
        var cancellationToken = http.RequestAborted;
        if (Ids.Parse(id, NodeTypes.Incident) is not { } incidentId || (await IncidentQueries.ByIdsAsync(db, [incidentId], cancellationToken)).GetValueOrDefault(incidentId) is not { } incident)
        {
            return null;
        }

        var actor = Actor.From(http.User, access, http.Connection.RemoteIpAddress?.ToString());
        if (actor.MayRead(incident, catalogue))
        {
            return incident;
        }

        var entry = audit.Entry(actor, AuditActions.ReadIncident, AuditOutcomes.Forbidden, detail: $"{what} of incident {incident.Reference}, outside the caller's groups");
        entry.IncidentId = incident.Id;
        await audit.RecordAsync(entry, cancellationToken);
        return null;
    }

    /// <summary>
    /// Starts the CSV answer of a download of this name. What people typed is escaped where a spreadsheet would run it
    /// as a formula. An exercise's first line says so, before the header, so no file of one passes for live data.
    /// </summary>
    public static async Task<CsvWriter> StartCsvAsync(HttpContext http, IncidentView incident, string fileName)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = Attachment(fileName);
        // The codeword line is one field before a header of many: the one record of another width a file may have.
        var csv = CsvWriter.Create(http.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape, ValidateFieldCount = !incident.Exercise }, leaveOpen: true);
        if (incident.Exercise)
        {
            await csv.WriteRowAsync([Exercises.ExerciseMarks.Codeword], http.RequestAborted);
        }

        return csv;
    }

    /// <summary>One record; a missing value is an empty field.</summary>
    public static async Task WriteRowAsync(this CsvWriter csv, IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field ?? string.Empty);
        }

        await csv.EndRecordAsync(cancellationToken);
    }

    /// <summary>
    /// The header for a download of this name: a plain fallback of letters, digits, dots, dashes and underscores, and the
    /// exact name percent-encoded in RFC 6266's filename*, so no reference can break the header or add to it.
    /// </summary>
    public static string Attachment(string fileName)
    {
        var plain = string.Concat(fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return $"attachment; filename=\"{plain}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
