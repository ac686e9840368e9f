namespace ResilienceHub.Api.Features.Log;

/// <summary>
/// A log entry as the log stood at <see cref="SeenAt"/>: what it links to (the entry correcting it) is read at the same
/// instant, so a correction written later is not there.
/// </summary>
public sealed record LogEntryView(
    int Id, int IncidentId, int Number, LogEntryKind Kind, string Summary, string? Rationale, IReadOnlyList<string> OptionsConsidered,
    string? DecisionMaker, DateTime OccurredAt, DateTime RecordedAt, string RecordedBy, string? DelayReason, DateTime BasedOnAsOf,
    int? CorrectsId, string? CorrectionReason, DateTime SeenAt);

public sealed record ActionUpdateView(DateTime At, string By, ActionStatus Status, string? Note);

/// <summary>An action as it stood at <see cref="SeenAt"/>: its status, version and updates by then.</summary>
public sealed record ActionView(
    int Id, int IncidentId, int Number, string Title, int? OwnerId, string? OwnerName, DateTime? DueAt, ActionStatus Status,
    int? DecisionId, DateTime RaisedAt, string RaisedBy, int Version, IReadOnlyList<ActionUpdateView> Updates, DateTime SeenAt)
{
    /// <summary>Open past its due time at <paramref name="instant"/>: the dashboard's ACTION_OVERDUE.</summary>
    public bool OverdueAt(DateTime instant) => Status == ActionStatus.Open && DueAt is { } due && due < instant;
}
