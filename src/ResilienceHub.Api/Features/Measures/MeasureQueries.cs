using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Measures;

/// <summary>The query shapes saving a measure reads with (a test translates each for SQL Server).</summary>
public static class MeasureQueries
{
    /// <summary>The measure with this code and the types it applies to, tracked: what a save changes.</summary>
    public static IQueryable<Measure> WithCode(ResilienceDbContext db, string code) =>
        db.Measures.AsTracking().Include(m => m.AppliesTo).Where(m => m.Code == code);

    /// <summary>The number of the measure's latest revision (none: 0).</summary>
    public static IQueryable<int> LatestRevision(ResilienceDbContext db, int measureId) =>
        db.MeasureRevisions.Where(r => r.MeasureId == measureId).OrderByDescending(r => r.Revision).Select(r => r.Revision).Take(1);

    /// <summary>Each measure's latest revision: by the seeds, or through the API (then the seeds leave the measure alone).</summary>
    public static IQueryable<LatestChange> LatestChanges(ResilienceDbContext db) =>
        db.MeasureRevisions
            .Where(r => r.Revision == db.MeasureRevisions.Where(o => o.MeasureId == r.MeasureId).Max(o => o.Revision))
            .Select(r => new LatestChange(r.MeasureId, r.Revision, r.ChangedBy, r.ChangedBySeeds));

    /// <summary>Some value of the measure in some version of some return: once there is one, its kind is fixed.</summary>
    public static IQueryable<int> Carried(ResilienceDbContext db, int measureId) =>
        db.SitrepValues.Where(v => v.MeasureId == measureId).Select(v => v.SitrepVersionId);

    /// <summary>Where a new measure goes: after every other in the catalogue's order.</summary>
    public static IQueryable<int?> LastSortOrder(ResilienceDbContext db) => db.Measures.Select(m => (int?)m.SortOrder).OrderByDescending(s => s).Take(1);

    public sealed record LatestChange(int MeasureId, int Revision, string ChangedBy, bool ChangedBySeeds);
}
