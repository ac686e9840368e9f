using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Audit;

public sealed class AuditEntryGraphType : ObjectGraphType<AuditEntryView>
{
    public AuditEntryGraphType()
    {
        Name = "AuditEntry";
        Description = "One write, or one refused attempt to write. Entries are only ever added; nothing in the API changes them.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(c.Source.Id));
        Field<NonNullGraphType<UtcDateTimeGraphType>>("occurredAt").Resolve(c => c.Source.OccurredAt);
        Field(a => a.Actor).Description("Who: the name in the caller's token.");
        Field(a => a.ActorSubject, nullable: true).Description("Who, as an identity: the subject of the caller's token; null when anonymous.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles")
            .Resolve(c => c.Source.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Field(a => a.OnBehalfOf, nullable: true).Description("The ODS code of the organisation the write was for.");
        Field(a => a.ClientAddress, nullable: true);
        Field(a => a.Action).Description("SUBMIT_SITREP, AMEND_SITREP, DECLARE_INCIDENT, STAND_DOWN_INCIDENT, SAVE_ORGANISATION, SAVE_GROUP or SAVE_MEASURE; UNKNOWN_WRITE for a refused document whose write is none of these; ANONYMOUS_WRITES for a minute of refused attempts without a token, counted in one entry; READ_INCIDENT for an incident asked for by id from outside the caller's groups.");
        Field(a => a.Outcome).Description("ACCEPTED; FORBIDDEN when the caller may not do it; REFUSED when what was sent was invalid, so nothing was stored.");
        Field<IncidentGraphType>("incident").Resolve(c => c.Source.IncidentId is { } id ? c.Service<IncidentLoader>().Load(id) : null);
        Field<SitrepGraphType>("sitrep").Description("The return written, as its current version.")
            .Resolve(c => c.Source.SitrepId is { } id ? c.Service<CurrentSitrepLoader>().Load(id) : null);
        Field(a => a.Version, nullable: true).Description("The version a submission or amendment wrote.");
        Field(a => a.Detail, nullable: true);
    }
}

public sealed class AuditEntryEdgeGraphType : ObjectGraphType<AuditEntryView>
{
    public AuditEntryEdgeGraphType()
    {
        Name = "AuditEntryEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => AuditCursor.Encode(c.Source.Id));
        Field<NonNullGraphType<AuditEntryGraphType>>("node").Resolve(c => c.Source);
    }
}

public sealed class AuditEntryConnectionGraphType : ObjectGraphType<AuditEntryConnection>
{
    public AuditEntryConnectionGraphType()
    {
        Name = "AuditEntryConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryEdgeGraphType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}

public sealed record AuditEntryConnection(IReadOnlyList<AuditEntryView> Edges, PageInfo PageInfo);

/// <summary>An entry's position, newest first; opaque to clients.</summary>
internal static class AuditCursor
{
    public static string Encode(int id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("audit:" + Ids.Format(id)));

    public static int? Decode(string cursor)
    {
        try
        {
            var text = cursor.Length <= 64 ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)) : "";
            return text.StartsWith("audit:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

internal static class AuditQueryFields
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void AddAuditQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<AuditEntryConnectionGraphType>>("auditTrail")
            .Description($"Every write and refused write, newest first, {DefaultPageSize} a page by default, at most {MaxPageSize}. Directors only.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? DefaultPageSize;
                if (first is < 0 or > MaxPageSize)
                {
                    throw new ExecutionError($"first must be between 0 and {MaxPageSize}.") { Code = "INVALID_ARGUMENT" };
                }

                var after = c.GetArgument<string?>("after");
                var beforeId = after is null ? (int?)null : AuditCursor.Decode(after) ?? throw new ExecutionError("after is not a cursor this API issued.") { Code = "INVALID_ARGUMENT" };
                // A director reads the entries of its own groups' incidents; only a director of every group reads the rest.
                var (actor, catalogue) = (c.Actor(), await c.ReferenceDataAsync());
                var groups = actor.Groups?.Contains(Actor.EveryGroup) == true ? null : catalogue.Groups.Where(actor.Directs).Select(g => g.Id).ToList();
                await using var db = await c.CreateDbContextAsync();
                var rows = await AuditQueries.Page(db, beforeId, first, groups).ToListAsync(c.CancellationToken);
                var page = rows.Take(first).ToList();
                return new AuditEntryConnection(page, new PageInfo(rows.Count > first, page.Count > 0 ? AuditCursor.Encode(page[^1].Id) : null));
            });
}
