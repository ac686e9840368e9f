using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;

namespace ResilienceHub.Api.Features.Log;

public sealed class LogEntryKindGraphType : EnumerationGraphType<LogEntryKind>
{
    public LogEntryKindGraphType() => Name = "LogEntryKind";
}

public sealed class ActionStatusGraphType : EnumerationGraphType<ActionStatus>
{
    public ActionStatusGraphType() => Name = "ActionStatus";
}

public sealed class LogEntryGraphType : ObjectGraphType<LogEntryView>
{
    public LogEntryGraphType()
    {
        Name = "LogEntry";
        Description = "One entry of an incident's decision log: numbered, never changed; a mistake is corrected by a later entry.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(c.Source.Id));
        Field(e => e.Number).Description("1, 2, 3 … within the incident, without gaps.");
        Field<NonNullGraphType<LogEntryKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field(e => e.Summary);
        Field(e => e.Rationale, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("optionsConsidered")
            .Description("The options weighed, in the order given.").Resolve(c => c.Source.OptionsConsidered);
        Field(e => e.DecisionMaker, nullable: true).Description("Who made the decision (the role holder), as the loggist wrote it.");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("occurredAt").Description("When it was decided or happened.").Resolve(c => c.Source.OccurredAt);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("recordedAt").Description("When it was written down (server time).").Resolve(c => c.Source.RecordedAt);
        Field(e => e.RecordedBy).Description("The name in the caller's token.");
        Field(e => e.DelayReason, nullable: true).Description("Required when recordedAt is more than 15 minutes after occurredAt.");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("basedOnAsOf")
            .Description("The dashboard instant the decision was taken on (default occurredAt).").Resolve(c => c.Source.BasedOnAsOf);
        Field<NonNullGraphType<DashboardGraphType>>("basedOn")
            .Description("What the decision maker could see: the dashboard replayed at basedOnAsOf.")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var incident = await c.Service<IncidentLoader>().Load(c.Source.IncidentId).GetResultAsync(c.CancellationToken);
                return await DashboardFields.ComputeAsync(c, incident!, c.Source.BasedOnAsOf, c.Service<TimeProvider>().GetUtcNow().UtcDateTime);
            });
        Field<LogEntryGraphType>("corrects")
            .Description("The entry this one corrects; that entry stays readable, unchanged.")
            .TracedWhenBatched().Resolve(c => c.Source.CorrectsId is { } id
                ? c.Service<LogEntryLoader>().Load(id).Then(e => e is null ? null : LogQueries.View(e, c.Source.SeenAt))
                : null);
        Field<LogEntryGraphType>("correctedBy")
            .Description("The entry that corrects this one, if it was written by the instant the log is read at.")
            .TracedWhenBatched().Resolve(c => c.Service<CorrectionLoader>().Load(c.Source.Id)
                .Then(e => e is not null && e.RecordedAt <= c.Source.SeenAt ? LogQueries.View(e, c.Source.SeenAt) : null));
        Field(e => e.CorrectionReason, nullable: true);
    }
}

public sealed class LogEntryEdgeGraphType : ObjectGraphType<LogEntryView>
{
    public LogEntryEdgeGraphType()
    {
        Name = "LogEntryEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => LogCursor.After(c.Source.Number));
        Field<NonNullGraphType<LogEntryGraphType>>("node").Resolve(c => c.Source);
    }
}

/// <summary>A page of the log; the total is counted only when a client asks for it.</summary>
public sealed record LogEntryConnection(IReadOnlyList<LogEntryView> Edges, PageInfo PageInfo, Func<CancellationToken, Task<int>> TotalCount);

public sealed class LogEntryConnectionGraphType : ObjectGraphType<LogEntryConnection>
{
    public LogEntryConnectionGraphType()
    {
        Name = "LogEntryConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LogEntryEdgeGraphType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many entries the log had at the instant it is read at, across all pages.")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Source.TotalCount(c.CancellationToken));
    }
}

public sealed class ActionUpdateGraphType : ObjectGraphType<ActionUpdateView>
{
    public ActionUpdateGraphType()
    {
        Name = "ActionUpdate";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("at").Resolve(c => c.Source.At);
        Field(u => u.By);
        Field<NonNullGraphType<ActionStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field(u => u.Note, nullable: true);
    }
}

public sealed class IncidentActionGraphType : ObjectGraphType<ActionView>
{
    public IncidentActionGraphType()
    {
        Name = "IncidentAction";
        Description = "Something to be done in an incident, by an owner and by a time; every change kept.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(c.Source.Id));
        Field(a => a.Number).Description("1, 2, 3 … within the incident, without gaps.");
        Field(a => a.Title);
        Field<OrganisationGraphType>("owner")
            .Description("The participant that owns it, if an organisation does.")
            .ResolveFromReferenceData((reference, c) => c.Source.OwnerId is { } id ? reference.OrganisationsById.GetValueOrDefault(id) : null);
        Field(a => a.OwnerName, nullable: true).Description("Who owns it, as the director wrote it (a person, a role).");
        Field<UtcDateTimeGraphType>("dueAt").Resolve(c => c.Source.DueAt);
        Field<NonNullGraphType<ActionStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("overdue")
            .Description("OPEN past its due time at the instant it is read at: an ACTION_OVERDUE alert on the dashboard.")
            .Resolve(c => c.Source.OverdueAt(c.Source.SeenAt));
        Field<LogEntryGraphType>("decision")
            .Description("The decision it carries out.")
            .TracedWhenBatched().Resolve(c => c.Source.DecisionId is { } id
                ? c.Service<LogEntryLoader>().Load(id).Then(e => e is null ? null : LogQueries.View(e, c.Source.SeenAt))
                : null);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("raisedAt").Resolve(c => c.Source.RaisedAt);
        Field(a => a.RaisedBy);
        Field(a => a.Version).Description("Send it as expectedVersion to update the action.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionUpdateGraphType>>>>("updates")
            .Description("Every change, oldest first.").Resolve(c => c.Source.Updates);
    }
}

internal static class LogFields
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Incident.log and Incident.actions, both readable at a past instant as they stood then.</summary>
    public static void AddLogFields(this ObjectGraphType<IncidentView> incident)
    {
        incident.Field<NonNullGraphType<LogEntryConnectionGraphType>>("log")
            .Description($"Entries in number order (1, 2, 3 … without gaps); asOf: as the log stood then. {DefaultPageSize} a page by default, at most {MaxPageSize}.")
            .Argument<UtcDateTimeGraphType>("asOf")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var asOf = AsOf(c);
                var first = c.GetArgument<int?>("first") ?? DefaultPageSize;
                if (first is < 0 or > MaxPageSize)
                {
                    throw new ExecutionError($"first must be between 0 and {MaxPageSize}.") { Code = "INVALID_ARGUMENT" };
                }

                var afterText = c.GetArgument<string?>("after");
                var after = LogCursor.Decode(afterText);
                if (afterText is not null && after is null)
                {
                    throw new ExecutionError("after is not a cursor this API issued.") { Code = "INVALID_ARGUMENT" };
                }

                await using var db = await c.CreateDbContextAsync();
                var rows = await LogQueries.Entries(db, c.Source.Id, asOf).Where(e => e.Number > (after ?? 0))
                    .OrderBy(e => e.Number).Take(first + 1).ToListAsync(c.CancellationToken);
                var page = rows.Take(first).Select(e => LogQueries.View(e, asOf)).ToList();
                var factory = c.Service<IDbContextFactory<Data.ResilienceDbContext>>();
                var incidentId = c.Source.Id;
                return new LogEntryConnection(
                    page,
                    new PageInfo(rows.Count > first, page.Count > 0 ? LogCursor.After(page[^1].Number) : null),
                    async cancellationToken =>
                    {
                        await using var countDb = await factory.CreateDbContextAsync(cancellationToken);
                        return await LogQueries.Entries(countDb, incidentId, asOf).CountAsync(cancellationToken);
                    });
            });

        incident.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncidentActionGraphType>>>>("actions")
            .Description("Actions in number order; asOf: as they stood then; status: only those with it then.")
            .Argument<UtcDateTimeGraphType>("asOf")
            .Argument<ActionStatusGraphType>("status")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var asOf = AsOf(c);
                var status = c.GetArgument<ActionStatus?>("status");
                await using var db = await c.CreateDbContextAsync();
                var actions = (await LogQueries.Actions(db, c.Source.Id, asOf).ToListAsync(c.CancellationToken)).Select(a => LogQueries.View(a, asOf)).ToList();
                if (c.GetArgument<DateTime?>("asOf") is null)
                {
                    // Read now, an open action turns overdue when it falls due.
                    c.AnswerChangesAt(LogQueries.NextFallingDue(actions, asOf));
                }

                return actions.Where(a => status is null || a.Status == status).ToList();
            });
    }

    private static DateTime AsOf(IResolveFieldContext c)
    {
        var now = c.Service<TimeProvider>().GetUtcNow().UtcDateTime;
        var asOf = c.GetArgument<DateTime?>("asOf") ?? now;
        return asOf > now ? throw new ExecutionError("asOf cannot be in the future: the log shows what was written.") { Code = "INVALID_ARGUMENT" } : asOf;
    }
}
