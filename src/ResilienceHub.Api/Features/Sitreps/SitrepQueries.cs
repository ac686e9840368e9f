using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>Sitrep query shapes (a test translates each for SQL Server).</summary>
public static class SitrepQueries
{
    public static IQueryable<SitrepView> Views(IQueryable<SitrepVersion> versions) =>
        versions.Select(v => new SitrepView(
            v.SitrepId, v.Sitrep!.IncidentId, v.Sitrep.OrganisationId, v.Sitrep.PeriodStartsAt, v.Sitrep.Late,
            v.Version, v.Sitrep.CurrentVersion, v.SubmittedAt, v.SubmittedBy, v.OnBehalfOf, v.OpelLevel,
            v.CriticalIncidentDeclared, v.KeyIssues, v.Mitigations, v.SupportRequested, v.AmendmentReason,
            v.Values.OrderBy(x => x.MeasureId).Select(x => new MeasureValueView(x.MeasureId, x.Value)).ToList())
        {
            VersionRowId = v.Id,
        });

    /// <summary>The versions' views without their values: <see cref="ReadInBulkAsync"/> reads those flat and adds them.</summary>
    public static IQueryable<SitrepView> Heads(IQueryable<SitrepVersion> versions) =>
        versions.OrderBy(v => v.Id).Select(v => new SitrepView(
            v.SitrepId, v.Sitrep!.IncidentId, v.Sitrep.OrganisationId, v.Sitrep.PeriodStartsAt, v.Sitrep.Late,
            v.Version, v.Sitrep.CurrentVersion, v.SubmittedAt, v.SubmittedBy, v.OnBehalfOf, v.OpelLevel,
            v.CriticalIncidentDeclared, v.KeyIssues, v.Mitigations, v.SupportRequested, v.AmendmentReason, Array.Empty<MeasureValueView>())
        {
            VersionRowId = v.Id,
        });

    /// <summary>The values of the given versions, in version then measure order.</summary>
    public static IQueryable<SitrepValue> ValuesOf(ResilienceDbContext db, IQueryable<SitrepVersion> versions) =>
        versions.Join(db.SitrepValues, v => v.Id, x => x.SitrepVersionId, (v, x) => x).OrderBy(x => x.SitrepVersionId).ThenBy(x => x.MeasureId);

    /// <summary>
    /// The views of many versions at once (an incident's ledger loads every version it has), as two flat queries, the
    /// versions and then their values, joined here in one pass: EF's nested collection of <see cref="Views"/> costs
    /// about 4 µs a value, four seconds for the 938,000 values of a national incident.
    /// </summary>
    public static async Task<List<SitrepView>> ReadInBulkAsync(ResilienceDbContext db, IQueryable<SitrepVersion> versions, CancellationToken cancellationToken)
    {
        var heads = await Heads(versions).ToListAsync(cancellationToken);
        var values = await ValuesOf(db, versions).Select(x => new { x.SitrepVersionId, x.MeasureId, x.Value }).ToListAsync(cancellationToken);
        var next = 0;
        return heads.ConvertAll(head =>
        {
            while (next < values.Count && values[next].SitrepVersionId < head.VersionRowId)
            {
                next++;
            }

            var measures = new List<MeasureValueView>();
            for (; next < values.Count && values[next].SitrepVersionId == head.VersionRowId; next++)
            {
                measures.Add(new(values[next].MeasureId, values[next].Value));
            }

            return head with { Measures = measures.ToArray() };
        });
    }

    public static IQueryable<SitrepVersion> CurrentVersions(ResilienceDbContext db) =>
        db.SitrepVersions.Where(v => v.Version == v.Sitrep!.CurrentVersion);

    /// <summary>Every version of the given returns, oldest first.</summary>
    public static IQueryable<SitrepView> AllVersionsOf(ResilienceDbContext db, IReadOnlyCollection<int> sitrepIds) =>
        Views(db.SitrepVersions.Where(v => sitrepIds.Contains(v.SitrepId)).OrderBy(v => v.SitrepId).ThenBy(v => v.Version));

    public static IQueryable<SitrepView> CurrentByIds(ResilienceDbContext db, IReadOnlyCollection<int> sitrepIds) =>
        Views(CurrentVersions(db).Where(v => sitrepIds.Contains(v.SitrepId)));

    /// <summary>An organisation's returns (current versions) for the periods from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static IQueryable<SitrepView> OrganisationBetween(ResilienceDbContext db, int incidentId, int organisationId, DateTime first, DateTime last) =>
        Views(CurrentVersions(db).Where(v => v.Sitrep!.IncidentId == incidentId && v.OrganisationId == organisationId
            && v.Sitrep.PeriodStartsAt >= first && v.Sitrep.PeriodStartsAt <= last));

    /// <summary>The returns of an incident in period order, filtered as the <c>sitreps</c> connection allows.</summary>
    public static IQueryable<SitrepVersion> Filtered(ResilienceDbContext db, SitrepFilter filter)
    {
        var query = CurrentVersions(db).Where(v => v.Sitrep!.IncidentId == filter.IncidentId);
        if (filter.OrganisationId is { } organisationId)
        {
            query = query.Where(v => v.Sitrep!.OrganisationId == organisationId);
        }

        if (filter.From is { } from)
        {
            query = query.Where(v => v.Sitrep!.PeriodStartsAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(v => v.Sitrep!.PeriodStartsAt <= to);
        }

        return query;
    }

    /// <summary>
    /// The returns the <c>sitreps</c> connection's filter matches. Every return has exactly one current version, so
    /// counting these counts the connection, from the (incident, period) index alone and without the join to versions.
    /// </summary>
    public static IQueryable<Sitrep> Returns(ResilienceDbContext db, SitrepFilter filter)
    {
        var query = db.Sitreps.Where(s => s.IncidentId == filter.IncidentId);
        if (filter.OrganisationId is { } organisationId)
        {
            query = query.Where(s => s.OrganisationId == organisationId);
        }

        if (filter.From is { } from)
        {
            query = query.Where(s => s.PeriodStartsAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(s => s.PeriodStartsAt <= to);
        }

        return query;
    }

    /// <summary>One page after a keyset cursor, fetching one extra row to tell whether more follow.</summary>
    public static IQueryable<SitrepView> Page(ResilienceDbContext db, SitrepFilter filter, SitrepCursor? after, int first)
    {
        var query = Filtered(db, filter);
        if (after is { } cursor)
        {
            query = query.Where(v => v.Sitrep!.PeriodStartsAt > cursor.PeriodStartsAt
                || (v.Sitrep.PeriodStartsAt == cursor.PeriodStartsAt && v.SitrepId > cursor.SitrepId));
        }

        return Views(query.OrderBy(v => v.Sitrep!.PeriodStartsAt).ThenBy(v => v.SitrepId).Take(first + 1));
    }

    public static async Task<ILookup<int, SitrepView>> VersionsBySitrepAsync(
        ResilienceDbContext db, IReadOnlyCollection<int> sitrepIds, CancellationToken cancellationToken) =>
        (await AllVersionsOf(db, sitrepIds).ToListAsync(cancellationToken)).ToLookup(v => v.Id);
}

public sealed record SitrepFilter(int IncidentId, int? OrganisationId, DateTime? From, DateTime? To);
