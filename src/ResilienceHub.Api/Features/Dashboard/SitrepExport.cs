using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// An incident's returns as CSV for the national return and for analysts: one row per return
/// (or per version with <c>?versions=all</c>), one column per measure.
/// </summary>
public static class SitrepExport
{
    public const string Pattern = "/incidents/{id}/sitreps.csv";

    public static IEndpointConventionBuilder MapSitrepExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Pattern, ExportAsync).WithDisplayName("Sitrep CSV export");

    private static async Task<IResult> ExportAsync(
        string id, string? versions, HttpContext http, IDbContextFactory<ResilienceDbContext> contexts, ReferenceDataCache referenceData, IOptions<AccessOptions> access,
        AuditTrail audit)
    {
        var allVersions = versions switch
        {
            null or "current" => false,
            "all" => true,
            _ => (bool?)null,
        };
        if (allVersions is null)
        {
            return Results.Problem("versions is 'current' (the default) or 'all'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var cancellationToken = http.RequestAborted;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalogue = await referenceData.GetAsync(cancellationToken);
        if (await IncidentDownloads.ReadableAsync(id, "Export", http, db, catalogue, access.Value, audit) is not { } incident)
        {
            return Results.NotFound();
        }

        var measures = catalogue.MeasuresForAny(incident.ParticipantIds.Select(p => catalogue.OrganisationsById[p]));

        await using var csv = await IncidentDownloads.StartCsvAsync(http, incident, $"{incident.Reference}-{(allVersions.Value ? "all-versions" : "returns")}.csv");
        string[] leading = ["incident", "ods_code", "organisation", "organisation_type", "period_starts_at", "local_report_time", "sitrep_id",
            "version", "current_version", "submitted_at", "submitted_by", "on_behalf_of", "late", "opel_level", "critical_incident_declared", "nil", "signed_off_at", "signed_off_by"];
        string[] trailing = ["key_issues", "mitigations", "support_requested", "amendment_reason"];
        await csv.WriteRowAsync(leading.Concat(measures.Select(m => m.Code)).Concat(trailing), cancellationToken);
        // Each version's sign-off as it stands now (a sign-off is of one version, so an amended return's newest has none until signed off).
        var signOffs = (await SignOffQueries.InIncident(db, incident.Id).ToListAsync(cancellationToken)).ToDictionary(s => (s.SitrepId, s.Version));
        await foreach (var row in Rows(db, incident.Id, allVersions.Value).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var organisation = catalogue.OrganisationsById[row.OrganisationId];
            string?[] fields =
            [
                incident.Reference, organisation.OdsCode, organisation.Name, OrganisationTypeNames.Contract(organisation.Type),
                UtcDateTimeGraphType.Write(row.PeriodStartsAt),
                $"{incident.Schedule.LocalDateOf(row.PeriodStartsAt):yyyy-MM-dd} {incident.Schedule.LocalTimeOf(row.PeriodStartsAt):HH:mm}",
                Ids.Format(NodeTypes.Sitrep, row.Id), Number(row.Version), Number(row.CurrentVersion), UtcDateTimeGraphType.Write(row.SubmittedAt),
                row.SubmittedBy, row.OnBehalfOf, Flag(row.Late), Number(row.OpelLevel), Flag(row.CriticalIncidentDeclared), Flag(row.Nil),
                signOffs.GetValueOrDefault((row.Id, row.Version)) is { } signOff ? UtcDateTimeGraphType.Write(signOff.At) : null,
                signOffs.GetValueOrDefault((row.Id, row.Version))?.By,
                .. measures.Select(m => row.Value(m.Id) is { } value ? Number(value) : null),
                row.KeyIssues, row.Mitigations, row.SupportRequested, row.AmendmentReason,
            ];
            await csv.WriteRowAsync(fields, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>The returns of an incident in period and organisation order; every version or only the current ones.</summary>
    public static IQueryable<SitrepView> Rows(ResilienceDbContext db, int incidentId, bool allVersions)
    {
        var versions = (allVersions ? db.SitrepVersions : SitrepQueries.CurrentVersions(db)).Where(v => v.Sitrep!.IncidentId == incidentId);
        return SitrepQueries.Views(versions
            .OrderBy(v => v.Sitrep!.PeriodStartsAt).ThenBy(v => v.Sitrep!.OrganisationId).ThenBy(v => v.Version));
    }
}
