using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Log;

public enum ActionStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>
/// Something to be done in an incident, by an owner and by a time: numbered like the log, and every change of it kept
/// as an update. Its version guards against lost updates.
/// </summary>
public sealed class IncidentAction
{
    public int Id { get; set; }

    public int IncidentId { get; set; }

    public Incident? Incident { get; set; }

    /// <summary>1, 2, 3 … within the incident, as the log's entries.</summary>
    public int Number { get; set; }

    public required string Title { get; set; }

    /// <summary>The participant that owns it, if an organisation does.</summary>
    public int? OwnerId { get; set; }

    /// <summary>Who owns it, as the director wrote it (a person, a role).</summary>
    public string? OwnerName { get; set; }

    public DateTime? DueAt { get; set; }

    public ActionStatus Status { get; set; }

    /// <summary>The decision it carries out.</summary>
    public int? DecisionId { get; set; }

    public DateTime RaisedAt { get; set; }

    public required string RaisedBy { get; set; }

    /// <summary>1 when raised, one more with each update; the concurrency token of updates.</summary>
    public int Version { get; set; }

    public string? IdempotencyKey { get; set; }

    public string? ContentHash { get; set; }

    /// <summary>Every change since it was raised, oldest first.</summary>
    public List<ActionUpdate> Updates { get; set; } = [];
}

/// <summary>One change of an action: its status from then on, and why.</summary>
public sealed class ActionUpdate
{
    public int Id { get; set; }

    public int ActionId { get; set; }

    /// <summary>The action's version this update made.</summary>
    public int Version { get; set; }

    public DateTime At { get; set; }

    public required string By { get; set; }

    public ActionStatus Status { get; set; }

    public string? Note { get; set; }
}
