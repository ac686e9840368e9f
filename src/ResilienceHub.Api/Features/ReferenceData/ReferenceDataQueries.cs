using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>The reference-data queries, kept as query shapes so a test can translate each for SQL Server.</summary>
public static class ReferenceDataQueries
{
    public static IQueryable<OrganisationView> Organisations(ResilienceDbContext db) =>
        db.Organisations.Select(o => new OrganisationView(o.Id, o.OdsCode, o.Name, o.Type, o.IsLocalIdentifier, o.Active));

    public static IQueryable<ResilienceGroupView> Groups(ResilienceDbContext db) =>
        db.ResilienceGroups.Select(g => new ResilienceGroupView(
            g.Id, g.Code, g.Name, g.Members.OrderBy(m => m.OrganisationId).Select(m => m.OrganisationId).ToList()));

    public static IQueryable<MeasureRow> Measures(ResilienceDbContext db) =>
        db.Measures
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Code)
            .Select(m => new MeasureRow(
                m.Id, m.Code, m.Name, m.Unit, m.Kind, m.MustNotExceed, m.WarningAbove, m.CriticalAbove, m.MaxValue,
                m.AppliesTo.Select(a => new MeasureApplicabilityRow(a.OrganisationType, a.Required)).ToList(), m.Retired));

    /// <summary>Every revision of every measure, oldest first within each.</summary>
    public static IQueryable<MeasureRevisionRow> Revisions(ResilienceDbContext db) =>
        db.MeasureRevisions
            .OrderBy(r => r.MeasureId).ThenBy(r => r.Revision)
            .Select(r => new MeasureRevisionRow(
                r.MeasureId, r.Revision, r.ChangedAt, r.ChangedBy, r.ChangedBySeeds, r.Reason, r.Name, r.Unit, r.Kind,
                r.MustNotExceed, r.WarningAbove, r.CriticalAbove, r.MaxValue, r.Retired,
                r.AppliesTo.Select(a => new MeasureApplicabilityRow(a.OrganisationType, a.Required)).ToList()));

    /// <summary>The catalogue's stamp, one row of two aggregates (none when there are no revisions).</summary>
    public static IQueryable<CatalogueStamp> CatalogueStamp(ResilienceDbContext db) =>
        db.MeasureRevisions.GroupBy(r => 1).Select(g => new CatalogueStamp(g.Count(), g.Max(r => r.Id)));

    public sealed record MeasureApplicabilityRow(OrganisationType Type, bool Required);

    public sealed record MeasureRow(
        int Id, string Code, string Name, string Unit, MeasureKind Kind, string? MustNotExceed,
        int? WarningAbove, int? CriticalAbove, int MaxValue, List<MeasureApplicabilityRow> AppliesTo, bool Retired = false)
    {
        public MeasureView ToView() => new(
            Id, Code, Name, Unit, Kind,
            [.. AppliesTo.Select(a => a.Type).Order()],
            [.. AppliesTo.Where(a => a.Required).Select(a => a.Type).Order()],
            MustNotExceed, WarningAbove, CriticalAbove, MaxValue, Retired);
    }

    public sealed record MeasureRevisionRow(
        int MeasureId, int Revision, DateTime ChangedAt, string ChangedBy, bool ChangedBySeeds, string Reason, string Name, string Unit,
        MeasureKind Kind, string? MustNotExceed, int? WarningAbove, int? CriticalAbove, int MaxValue, bool Retired,
        List<MeasureApplicabilityRow> AppliesTo)
    {
        public MeasureRevisionView ToView() => new(
            MeasureId, Revision, ChangedAt, ChangedBy, ChangedBySeeds, Reason, Name, Unit, Kind,
            [.. AppliesTo.Select(a => a.Type).Order()],
            [.. AppliesTo.Where(a => a.Required).Select(a => a.Type).Order()],
            MustNotExceed, WarningAbove, CriticalAbove, MaxValue, Retired);
    }
}
