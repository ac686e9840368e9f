using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Log;

public enum LogEntryKind
{
    /// <summary>A decision, with its reasons and the options weighed.</summary>
    Decision,

    /// <summary>Something the director learnt or was told, written down for the record.</summary>
    Information,
}

/// <summary>
/// One entry of an incident's decision log: numbered 1, 2, 3 … within the incident without gaps, written at the first
/// chance, and never changed or removed. A mistake is corrected by a later entry that names the one it corrects.
/// </summary>
public sealed class LogEntry
{
    public int Id { get; set; }

    public int IncidentId { get; set; }

    public Incident? Incident { get; set; }

    /// <summary>1, 2, 3 … within the incident; unique, so of two writers at once the second takes the next.</summary>
    public int Number { get; set; }

    public LogEntryKind Kind { get; set; }

    public required string Summary { get; set; }

    public string? Rationale { get; set; }

    /// <summary>The options weighed, in the order given.</summary>
    public List<string> OptionsConsidered { get; set; } = [];

    public string? DecisionMaker { get; set; }

    /// <summary>When it was decided or happened.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>When it was written down: the server's time.</summary>
    public DateTime RecordedAt { get; set; }

    public required string RecordedBy { get; set; }

    public string? DelayReason { get; set; }

    /// <summary>The dashboard instant the decision was taken on.</summary>
    public DateTime BasedOnAsOf { get; set; }

    /// <summary>The entry this one corrects; unique, so an entry is corrected once (a correction is corrected in turn).</summary>
    public int? CorrectsId { get; set; }

    public string? CorrectionReason { get; set; }

    /// <summary>The client's retry key, unique within the incident.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>A hash of what was sent, to tell a true retry from a reused key.</summary>
    public string? ContentHash { get; set; }
}
