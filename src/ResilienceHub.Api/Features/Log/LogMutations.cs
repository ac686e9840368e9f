using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Log;

public sealed class RecordLogEntryInputGraphType : InputObjectGraphType<RecordLogEntryInput>
{
    public RecordLogEntryInputGraphType()
    {
        Name = "RecordLogEntryInput";
        Field<NonNullGraphType<IdGraphType>>("incidentId");
        Field<NonNullGraphType<LogEntryKindGraphType>>("kind");
        Field(i => i.Summary).Description($"What was decided or learnt, in a line (up to {LogLimits.SummaryMaxLength} characters).");
        Field(i => i.Rationale, nullable: true).Description("The reasons.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("optionsConsidered").Description($"The options weighed, in order; at most {LogLimits.MaxOptions}.");
        Field(i => i.DecisionMaker, nullable: true);
        Field<UtcDateTimeGraphType>("occurredAt").Description("When it was decided or happened; default now, never later.");
        Field(i => i.DelayReason, nullable: true).Description("Why it is written more than 15 minutes after occurredAt; required then.");
        Field<UtcDateTimeGraphType>("basedOnAsOf").Description("The dashboard instant it was decided on; default occurredAt, never later.");
        Field(i => i.IdempotencyKey, nullable: true).Description("A key of the client's (e.g. a UUID): retrying with it returns the first entry instead of a second.");
    }
}

public sealed class CorrectLogEntryInputGraphType : InputObjectGraphType<CorrectLogEntryInput>
{
    public CorrectLogEntryInputGraphType()
    {
        Name = "CorrectLogEntryInput";
        Field<NonNullGraphType<IdGraphType>>("entryId");
        Field(i => i.Reason).Description("Why the entry is corrected.");
        Field(i => i.Summary);
        Field(i => i.Rationale, nullable: true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("optionsConsidered");
        Field(i => i.DecisionMaker, nullable: true);
        Field<UtcDateTimeGraphType>("occurredAt").Description("Default: the corrected entry's.");
        Field(i => i.DelayReason, nullable: true).Description("Default: the reason.");
        Field(i => i.IdempotencyKey, nullable: true);
    }
}

public sealed class RaiseActionInputGraphType : InputObjectGraphType<RaiseActionInput>
{
    public RaiseActionInputGraphType()
    {
        Name = "RaiseActionInput";
        Field<NonNullGraphType<IdGraphType>>("incidentId");
        Field(i => i.Title);
        Field<IdGraphType>("ownerId").Description("A participant of the incident.");
        Field(i => i.OwnerName, nullable: true).Description("A person or role; ownerId, ownerName or both.");
        Field<UtcDateTimeGraphType>("dueAt").Description("Later than now.");
        Field<IdGraphType>("decisionId").Description("The log entry it carries out.");
        Field(i => i.IdempotencyKey, nullable: true);
    }
}

public sealed class UpdateActionInputGraphType : InputObjectGraphType<UpdateActionInput>
{
    public UpdateActionInputGraphType()
    {
        Name = "UpdateActionInput";
        Field<NonNullGraphType<IdGraphType>>("actionId");
        Field(i => i.ExpectedVersion).Description("VERSION_CONFLICT when someone changed it since.");
        Field<NonNullGraphType<ActionStatusGraphType>>("status");
        Field(i => i.Note, nullable: true).Description("Required to reopen, or to keep the status and add a note.");
    }
}

public sealed class LogEntryPayloadGraphType : ObjectGraphType<LogEntryResult>
{
    public LogEntryPayloadGraphType()
    {
        Name = "LogEntryPayload";
        Field<LogEntryGraphType>("entry").Resolve(c => c.Source.Entry);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class ActionPayloadGraphType : ObjectGraphType<ActionResult>
{
    public ActionPayloadGraphType()
    {
        Name = "ActionPayload";
        Field<IncidentActionGraphType>("action").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class LogMutationFields
{
    public static void AddLogMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LogEntryPayloadGraphType>>("recordLogEntry")
            .Description("Adds an entry to an incident's decision log under its next number. Directors.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<RecordLogEntryInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<DecisionLog>()
                .RecordAsync(c.GetArgument<RecordLogEntryInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<LogEntryPayloadGraphType>>("correctLogEntry")
            .Description("Adds an entry that corrects an earlier one, which stays readable, unchanged. Directors.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<CorrectLogEntryInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<DecisionLog>()
                .CorrectAsync(c.GetArgument<CorrectLogEntryInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<ActionPayloadGraphType>>("raiseAction")
            .Description("Raises an action in an incident under its next number, OPEN. Directors.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<RaiseActionInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<IncidentActions>()
                .RaiseAsync(c.GetArgument<RaiseActionInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<ActionPayloadGraphType>>("updateAction")
            .Description("Sets an action's status (DONE, CANCELLED, or OPEN again with a note), kept as an update. Directors, or reporters of the owning organisation.")
            .AuthorizeWithRoles(Roles.Director, Roles.Reporter)
            .Argument<NonNullGraphType<UpdateActionInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<IncidentActions>()
                .UpdateAsync(c.GetArgument<UpdateActionInput>("input"), c.Actor(), c.CancellationToken));
    }
}
