using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Log;

public sealed record RecordLogEntryInput(
    string IncidentId,
    LogEntryKind Kind,
    string Summary,
    string? Rationale = null,
    IReadOnlyList<string>? OptionsConsidered = null,
    string? DecisionMaker = null,
    DateTime? OccurredAt = null,
    string? DelayReason = null,
    DateTime? BasedOnAsOf = null,
    string? IdempotencyKey = null);

public sealed record CorrectLogEntryInput(
    string EntryId,
    string Reason,
    string Summary,
    string? Rationale = null,
    IReadOnlyList<string>? OptionsConsidered = null,
    string? DecisionMaker = null,
    DateTime? OccurredAt = null,
    string? DelayReason = null,
    string? IdempotencyKey = null);

public sealed record RaiseActionInput(
    string IncidentId,
    string Title,
    string? OwnerId = null,
    string? OwnerName = null,
    DateTime? DueAt = null,
    string? DecisionId = null,
    string? IdempotencyKey = null);

public sealed record UpdateActionInput(string ActionId, int ExpectedVersion, ActionStatus Status, string? Note = null);

/// <summary>The outcome of writing to the log: the entry written (or replayed), or every reason it was refused.</summary>
public sealed record LogEntryResult(LogEntryView? Entry, IReadOnlyList<UserError> Errors);

/// <summary>The outcome of raising or updating an action.</summary>
public sealed record ActionResult(ActionView? Action, IReadOnlyList<UserError> Errors);
