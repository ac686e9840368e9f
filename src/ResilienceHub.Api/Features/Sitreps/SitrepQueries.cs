using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>Sitrep query shapes (a test translates each for SQL Server).</summary>
public static class SitrepQueries
{
    // A version as clients see it, given where its values come from: the one projection of the 18 fields.
    private static readonly Expression<Func<SitrepVersion, IReadOnlyList<MeasureValueView>, SitrepView>> Shape = (v, measures) => new SitrepView(
        v.SitrepId, v.Sitrep!.IncidentId, v.Sitrep.OrganisationId, v.Sitrep.PeriodStartsAt, v.Sitrep.Late,
        v.Version, v.Sitrep.CurrentVersion, v.SubmittedAt, v.SubmittedBy, v.OnBehalfOf, v.OpelLevel,
        v.CriticalIncidentDeclared, v.KeyIssues, v.Mitigations, v.SupportRequested, v.AmendmentReason, measures)
    {
        Nil = v.Nil,
    };

    private static readonly Expression<Func<SitrepVersion, SitrepView>> WithValues =
        Project(v => v.Values.OrderBy(x => x.MeasureId).Select(x => new MeasureValueView(x.MeasureId, x.Value)).ToList());

    private static readonly Expression<Func<SitrepVersion, SitrepView>> WithoutValues = Project(v => Array.Empty<MeasureValueView>());

    public static IQueryable<SitrepView> Views(IQueryable<SitrepVersion> versions) => versions.Select(WithValues);

    /// <summary>The versions' views without their values, in row order: <see cref="ReadInBulkAsync"/> reads those flat and adds them.</summary>
    public static IQueryable<SitrepView> Heads(IQueryable<SitrepVersion> versions) => versions.OrderBy(v => v.Id).Select(WithoutValues);

    /// <summary>The values of the given versions, in version row then measure order, each with its return and version number.</summary>
    public static IQueryable<VersionValue> ValuesOf(ResilienceDbContext db, IQueryable<SitrepVersion> versions) =>
        versions.Join(db.SitrepValues, v => v.Id, x => x.SitrepVersionId, (v, x) => new { v.Id, v.SitrepId, v.Version, x.MeasureId, x.Value })
            .OrderBy(x => x.Id).ThenBy(x => x.MeasureId)
            .Select(x => new VersionValue(x.SitrepId, x.Version, x.MeasureId, x.Value));

    /// <summary>
    /// The views of many versions at once (an incident's ledger loads every version it has), as two flat queries, the
    /// versions and then their values, joined here in one pass: EF's nested collection of <see cref="Views"/> costs
    /// about 4 µs a value, four seconds for the 938,000 values of a national incident.
    /// </summary>
    public static async Task<List<SitrepView>> ReadInBulkAsync(ResilienceDbContext db, IQueryable<SitrepVersion> versions, CancellationToken cancellationToken)
    {
        var heads = await Heads(versions).ToListAsync(cancellationToken);
        var values = await ValuesOf(db, versions).ToListAsync(cancellationToken);
        // Both in row order: each version's values follow one another where its head stands.
        var next = 0;
        return heads.ConvertAll(head =>
        {
            var measures = new List<MeasureValueView>();
            for (; next < values.Count && values[next].SitrepId == head.Id && values[next].Version == head.Version; next++)
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

    /// <summary>The current versions of the returns the <c>sitreps</c> connection's filter matches.</summary>
    public static IQueryable<SitrepVersion> Filtered(ResilienceDbContext db, SitrepFilter filter) =>
        Conditions(filter).Aggregate(CurrentVersions(db), (query, condition) => query.Where(OfVersion(condition)));

    /// <summary>
    /// The returns the <c>sitreps</c> connection's filter matches. Every return has exactly one current version, so
    /// counting these counts the connection, from the (incident, period) index alone and without the join to versions.
    /// </summary>
    public static IQueryable<Sitrep> Returns(ResilienceDbContext db, SitrepFilter filter) =>
        Conditions(filter).Aggregate(db.Sitreps.AsQueryable(), (query, condition) => query.Where(condition));

    // The filter, once, on a return; a version is filtered by its return.
    private static IEnumerable<Expression<Func<Sitrep, bool>>> Conditions(SitrepFilter filter)
    {
        yield return s => s.IncidentId == filter.IncidentId;
        if (filter.OrganisationId is { } organisationId)
        {
            yield return s => s.OrganisationId == organisationId;
        }

        if (filter.From is { } from)
        {
            yield return s => s.PeriodStartsAt >= from;
        }

        if (filter.To is { } to)
        {
            yield return s => s.PeriodStartsAt <= to;
        }
    }

    private static Expression<Func<SitrepVersion, bool>> OfVersion(Expression<Func<Sitrep, bool>> condition)
    {
        var version = Expression.Parameter(typeof(SitrepVersion), "v");
        var sitrep = Expression.Property(version, nameof(SitrepVersion.Sitrep));
        return Expression.Lambda<Func<SitrepVersion, bool>>(ReplacingExpressionVisitor.Replace(condition.Parameters[0], sitrep, condition.Body), version);
    }

    private static Expression<Func<SitrepVersion, SitrepView>> Project(Expression<Func<SitrepVersion, IReadOnlyList<MeasureValueView>>> measures)
    {
        var values = measures.Body is UnaryExpression { NodeType: ExpressionType.Convert } converted ? converted.Operand : measures.Body;
        var version = Shape.Parameters[0];
        var body = ReplacingExpressionVisitor.Replace(Shape.Parameters[1], ReplacingExpressionVisitor.Replace(measures.Parameters[0], version, values), Shape.Body);
        return Expression.Lambda<Func<SitrepVersion, SitrepView>>(body, version);
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

/// <summary>Sign-off query shapes.</summary>
public static class SignOffQueries
{
    public static IQueryable<SignOffView> Views(IQueryable<SitrepSignOff> signOffs) =>
        signOffs.OrderBy(s => s.Id).Select(s => new SignOffView(s.SitrepId, s.OrganisationId, s.Version, s.SignedOffAt, s.SignedOffBy));

    /// <summary>Every sign-off of the given returns, in the order they were recorded.</summary>
    public static IQueryable<SignOffView> Of(ResilienceDbContext db, IReadOnlyCollection<int> sitrepIds) =>
        Views(db.SitrepSignOffs.Where(s => sitrepIds.Contains(s.SitrepId)));

    /// <summary>Every sign-off in an incident, in the order they were recorded.</summary>
    public static IQueryable<SignOffView> InIncident(ResilienceDbContext db, int incidentId) =>
        Views(db.SitrepSignOffs.Where(s => s.IncidentId == incidentId));
}

public sealed record SitrepFilter(int IncidentId, int? OrganisationId, DateTime? From, DateTime? To);

/// <summary>One value of a version, named by the version's return and number, as a bulk read joins them.</summary>
public sealed record VersionValue(int SitrepId, int Version, int MeasureId, int Value);
