using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Data;

/// <summary>
/// Every query shape the API issues, translated by the SQL Server provider without a server, so a
/// LINQ shape that only SQLite accepts fails here rather than in production.
/// </summary>
public class SqlServerTranslationTests
{
    private static readonly int[] Ids = [1, 2, 3];
    private static readonly DateTime Instant = new(2016, 4, 26, 7, 0, 0, DateTimeKind.Utc);
    private static readonly TailWindow Window = new(1000, 1064);

    public static TheoryData<string> Shapes => [.. QueryShapes.Keys];

    private static readonly Dictionary<string, Func<Api.Data.ResilienceDbContext, IQueryable>> QueryShapes = new()
    {
        ["reference organisations"] = db => ReferenceDataQueries.Organisations(db),
        ["reference groups"] = db => ReferenceDataQueries.Groups(db),
        ["reference measures"] = db => ReferenceDataQueries.Measures(db),
        ["reference measures' revisions"] = db => ReferenceDataQueries.Revisions(db),
        ["organisation to save, by code"] = db => Api.Features.Organisations.OrganisationQueries.WithCode(db, "RNL"),
        ["the codes of an organisation's groups"] = db => Api.Features.Organisations.OrganisationQueries.GroupCodesOf(db, 1),
        ["the incidents not stood down an organisation takes part in"] = db => Api.Features.Organisations.OrganisationQueries.StandingIncidentsOf(db, 1),
        ["group to save, with its members"] = db => Api.Features.Organisations.OrganisationQueries.GroupWithCode(db, "NCSRG"),
        ["measure to save, with its types"] = db => Api.Features.Measures.MeasureQueries.WithCode(db, "ELECTIVE_OPS_POSTPONED"),
        ["a measure's latest revision number"] = db => Api.Features.Measures.MeasureQueries.LatestRevision(db, 1),
        ["every measure's latest revision"] = Api.Features.Measures.MeasureQueries.LatestChanges,
        ["a value that carries a measure"] = db => Api.Features.Measures.MeasureQueries.Carried(db, 1),
        ["the last place in the catalogue's order"] = Api.Features.Measures.MeasureQueries.LastSortOrder,
        ["incidents, newest first"] = IncidentQueries.Newest,
        ["incidents by id"] = db => IncidentQueries.ByIds(db, Ids),
        ["incident with a reference"] = db => IncidentQueries.WithReference(db, "NCSRG-2016-04-JDIA"),
        ["incident still standing"] = db => IncidentQueries.Standing(db, 1),
        ["sitrep versions of many"] = db => SitrepQueries.AllVersionsOf(db, Ids),
        ["current sitreps by id"] = db => SitrepQueries.CurrentByIds(db, Ids),
        ["an organisation's returns between two periods"] = db => SitrepQueries.OrganisationBetween(db, 1, 2, Instant, Instant.AddHours(9)),
        ["sitrep page, no filter"] = db => SitrepQueries.Page(db, new SitrepFilter(1, null, null, null), null, 50),
        ["sitrep page, every filter and a cursor"] = db => SitrepQueries.Page(
            db, new SitrepFilter(1, 2, Instant, Instant.AddDays(1)), new SitrepCursor(Instant, 7), 50),
        ["an incident's versions in a window of ids, through its returns"] = db => SitrepQueries.Heads(IncidentLedgers.IncidentVersions(db, 1, Window)),
        ["the values of an incident's versions in a window of ids"] = db => SitrepQueries.ValuesOf(db, IncidentLedgers.IncidentVersions(db, 1, Window)),
        ["the tail of an incident's versions by id"] = db => SitrepQueries.Heads(IncidentLedgers.Tail(db, 1, Window)),
        ["the values of the tail by id"] = db => SitrepQueries.ValuesOf(db, IncidentLedgers.Tail(db, 1, Window)),
        ["the bound of a window of rowversions"] = IncidentLedgers.RowVersionBound,
        ["an incident's versions in a window of rowversions, through its returns"] = db => SitrepQueries.Heads(IncidentLedgers.IncidentVersionsByRowVersion(db, 1, Window)),
        ["the values of an incident's versions in a window of rowversions"] = db => SitrepQueries.ValuesOf(db, IncidentLedgers.IncidentVersionsByRowVersion(db, 1, Window)),
        ["the tail of an incident's versions by rowversion"] = db => SitrepQueries.Heads(IncidentLedgers.TailByRowVersion(db, 1, Window)),
        ["the values of the tail by rowversion"] = db => SitrepQueries.ValuesOf(db, IncidentLedgers.TailByRowVersion(db, 1, Window)),
        ["an incident's sign-offs by rowversion"] = db => SignOffQueries.Views(IncidentLedgers.SignOffsByRowVersion(db, 1, Window)),
        ["the sign-offs of returns"] = db => SignOffQueries.Of(db, [1, 2]),
        ["every sign-off of an incident"] = db => SignOffQueries.InIncident(db, 1),
        ["the export, current versions"] = db => SitrepExport.Rows(db, 1, allVersions: false),
        ["the export, every version"] = db => SitrepExport.Rows(db, 1, allVersions: true),
        ["sitrep count"] = db => SitrepQueries.Returns(db, new SitrepFilter(1, 2, Instant, Instant.AddDays(1))),
        ["audit trail, first page"] = db => AuditQueries.Page(db, null, 50),
        ["audit trail after a cursor"] = db => AuditQueries.Page(db, 42, 50),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheQueryTranslatesForSqlServer(string shape)
    {
        using var db = Contexts.SqlServer();
        var sql = QueryShapes[shape](db).ToQueryString();
        Assert.Contains("SELECT", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLedgersWindowOfRowversionsIsARangeOnTheColumnWithEightByteBounds()
    {
        using var db = Contexts.SqlServer();
        var sql = IncidentLedgers.TailByRowVersion(db, 1, new TailWindow(0x0102, 0x0304)).ToQueryString();

        // Compared as binary(8) against the column itself, so the rowversions' index is sought, and in big-endian order.
        Assert.Contains("@from varbinary(8) = 0x0000000000000102;", sql, StringComparison.Ordinal);
        Assert.Contains("@until varbinary(8) = 0x0000000000000304;", sql, StringComparison.Ordinal);
        Assert.Contains("[s].[RowVersion] >= @from AND [s].[RowVersion] < @until", sql, StringComparison.Ordinal);
    }
}
