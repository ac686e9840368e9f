using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Sitreps;

public sealed class MeasureValueGraphType : ObjectGraphType<MeasureValueView>
{
    public MeasureValueGraphType()
    {
        Name = "MeasureValue";
        this.ReadsAsOf();
        Field<NonNullGraphType<MeasureGraphType>>("measure")
            .ResolveFromReferenceData((reference, c) => reference.MeasuresById[c.Source.MeasureId]);
        Field(v => v.Value);
    }
}

public sealed class SitrepGraphType : ObjectGraphType<SitrepView>
{
    public SitrepGraphType()
    {
        Name = "Sitrep";
        // A return seen at an instant (a dashboard's) shows its versions, current version and sign-offs as they stood
        // then; one read as it stands now says so where it reads them.
        this.ReadsAsOf();
        Interface<NodeGraphType>();
        Description = "One version of an organisation's return for one reporting period.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The return's id; the same for every version.").Resolve(c => Ids.Format(NodeTypes.Sitrep, c.Source.Id));
        Field<NonNullGraphType<IncidentGraphType>>("incident").TracedWhenBatched().Resolve(c => c.Service<IncidentLoader>().Load(c.Source.IncidentId));
        Field<NonNullGraphType<OrganisationGraphType>>("organisation")
            .ResolveFromReferenceData((reference, c) => reference.OrganisationsById[c.Source.OrganisationId]);
        Field<NonNullGraphType<ReportingPeriodGraphType>>("period")
            .TracedWhenBatched().Resolve(c => c.Service<IncidentLoader>().Load(c.Source.IncidentId)
                .Then(incident => incident!.Schedule.FindPeriod(c.Source.PeriodStartsAt)));
        Field(s => s.Version);
        Field<NonNullGraphType<IntGraphType>>("currentVersion")
            .Description("The newest version of this return at the instant shown (a dashboard's asOf, else now); amend with the newest now as expectedVersion.")
            .Resolve(c =>
            {
                // The view holds the newest at its instant either way; one of now still says so to the answer.
                SeenAsOf(c);
                return c.Source.CurrentVersion;
            });
        Field<NonNullGraphType<UtcDateTimeGraphType>>("submittedAt").Resolve(c => c.Source.SubmittedAt);
        Field(s => s.SubmittedBy);
        Field(s => s.OnBehalfOf, nullable: true).Description("Set when someone outside the organisation submitted for it.");
        Field(s => s.Late).Description("The return's first version arrived after the period's dueAt.");
        Field(s => s.OpelLevel).Description("Operational pressures escalation level, 1 to 4.");
        Field(s => s.CriticalIncidentDeclared);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureValueGraphType>>>>("measures").Resolve(c => c.Source.Measures);
        Field<IntGraphType>("value")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveFromReferenceData((reference, c) =>
                reference.MeasuresByCode.TryGetValue(c.GetArgument<string>("code"), out var measure)
                    ? c.Source.Value(measure.Id)
                    : null);
        Field(s => s.KeyIssues, nullable: true);
        Field(s => s.Mitigations, nullable: true);
        Field(s => s.SupportRequested, nullable: true).Description("A mutual-aid ask.");
        Field(s => s.AmendmentReason, nullable: true);
        Field(s => s.Nil).Description("A nil return: the organisation is not affected this period. It counts as returned, adds nothing to totals.");
        Field<UtcDateTimeGraphType>("signedOffAt")
            .Description("When a signatory signed off this version, as it stood at the instant shown (a dashboard's asOf, else now); null while it awaits sign-off or needs none.")
            .TracedWhenBatched().Resolve(c => SignOff(c, signOff => signOff?.At));
        Field<StringGraphType>("signedOffBy")
            .Description("Who signed off this version (the name in the signatory's token).")
            .TracedWhenBatched().Resolve(c => SignOff(c, signOff => signOff?.By));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SitrepGraphType>>>>("versions")
            .Description("Every version of this return at the instant shown (a dashboard's asOf, else now), oldest first.")
            .TracedWhenBatched().Resolve(c => SeenAsOf(c) is { } seen
                ? seen.Versions
                : (object)c.Service<SitrepVersionsLoader>().Load(c.Source.Id).Then(versions => versions ?? []));
    }

    /// <summary>The instant the return is seen at (a dashboard's); null for one read as it stands now, which tells the answer so.</summary>
    private static ReturnAsOf? SeenAsOf(IResolveFieldContext<SitrepView> c)
    {
        if (c.Source.SeenAsOf is null)
        {
            c.AnswerReadsUpTo(null);
        }

        return c.Source.SeenAsOf;
    }

    /// <summary>This version's sign-off: as the return stood at the instant shown, or as it stands now (read in one query per level).</summary>
    private static object? SignOff<T>(IResolveFieldContext<SitrepView> c, Func<SignOffView?, T> part) => SeenAsOf(c) is { } seen
        ? part(seen.SignOffOf(c.Source))
        : c.Service<SitrepSignOffsLoader>().Load(c.Source.Id)
            .Then(signOffs => part(signOffs is null ? null : SignOffRules.SignOffOf(signOffs, c.Source.Version, DateTime.MaxValue)));
}

public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Field(p => p.HasNextPage);
        Field(p => p.EndCursor, nullable: true);
    }
}

public sealed class SitrepEdgeGraphType : ObjectGraphType<SitrepView>
{
    public SitrepEdgeGraphType()
    {
        Name = "SitrepEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => SitrepCursor.After(c.Source).Encode());
        Field<NonNullGraphType<SitrepGraphType>>("node").Resolve(c => c.Source);
    }
}

public sealed class SitrepConnectionGraphType : ObjectGraphType<SitrepConnection>
{
    public SitrepConnectionGraphType()
    {
        Name = "SitrepConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SitrepEdgeGraphType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many returns match, across all pages.")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Source.TotalCount(c.CancellationToken));
    }
}

public sealed record PageInfo(bool HasNextPage, string? EndCursor);

/// <summary>A page of returns; the total is counted only when a client asks for it.</summary>
public sealed record SitrepConnection(IReadOnlyList<SitrepView> Edges, PageInfo PageInfo, Func<CancellationToken, Task<int>> TotalCount);

internal static class SitrepFields
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void AddSitrepConnectionField(this ObjectGraphType<IncidentView> incident) =>
        incident.Field<NonNullGraphType<SitrepConnectionGraphType>>("sitreps")
            .Description($"The incident's returns (current versions) in period order, {DefaultPageSize} a page by default, at most {MaxPageSize}.")
            .Argument<IdGraphType>("organisationId")
            .Argument<UtcDateTimeGraphType>("from", "Only periods starting at or after this instant.")
            .Argument<UtcDateTimeGraphType>("to", "Only periods starting at or before this instant.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? DefaultPageSize;
                if (first is < 0 or > MaxPageSize)
                {
                    throw new ExecutionError($"first must be between 0 and {MaxPageSize}.") { Code = "INVALID_ARGUMENT" };
                }

                var afterText = c.GetArgument<string?>("after");
                var after = SitrepCursor.Decode(afterText);
                if (afterText is not null && after is null)
                {
                    throw new ExecutionError("after is not a cursor this API issued.") { Code = "INVALID_ARGUMENT" };
                }

                var organisationArgument = c.GetArgument<string?>("organisationId");
                var filter = new SitrepFilter(
                    c.Source.Id,
                    organisationArgument is null ? null : Ids.Parse(organisationArgument, NodeTypes.Organisation) ?? 0,
                    c.GetArgument<DateTime?>("from"),
                    c.GetArgument<DateTime?>("to"));

                await using var db = await c.CreateDbContextAsync();
                var rows = await SitrepQueries.Page(db, filter, after, first).ToListAsync(c.CancellationToken);
                var page = rows.Take(first).ToList();
                var factory = c.Service<IDbContextFactory<Data.ResilienceDbContext>>();
                return new SitrepConnection(
                    page,
                    new PageInfo(rows.Count > first, page.Count > 0 ? SitrepCursor.After(page[^1]).Encode() : null),
                    async cancellationToken =>
                    {
                        await using var countDb = await factory.CreateDbContextAsync(cancellationToken);
                        return await SitrepQueries.Returns(countDb, filter).CountAsync(cancellationToken);
                    });
            });
}

internal static class SitrepQueryFields
{
    public static void AddSitrepQueries(this ObjectGraphType query) =>
        query.Field<SitrepGraphType>("sitrep")
            .Description("A return, as its current version.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .TracedWhenBatched().ResolveAsync(async c =>
            {
                // A return of an incident outside the caller's scope answers as absent, like the incident.
                if (c.IdArgument("id", NodeTypes.Sitrep) is not { } id || await c.Service<CurrentSitrepLoader>().Load(id).GetResultAsync(c.CancellationToken) is not { } sitrep)
                {
                    return null;
                }

                var incident = await c.Service<IncidentLoader>().Load(sitrep.IncidentId).GetResultAsync(c.CancellationToken);
                return (await c.ReadableIncidentsAsync())(incident) is null ? null : sitrep;
            });
}
