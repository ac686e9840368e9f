using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Log;

/// <summary>Log and action query shapes (a test translates each for SQL Server).</summary>
public static class LogQueries
{
    /// <summary>The incident's entries written by <paramref name="asOf"/>.</summary>
    public static IQueryable<LogEntry> Entries(ResilienceDbContext db, int incidentId, DateTime asOf) =>
        db.LogEntries.Where(e => e.IncidentId == incidentId && e.RecordedAt <= asOf);

    /// <summary>The corrections of the given entries, whenever written.</summary>
    public static IQueryable<LogEntry> CorrectionsOf(ResilienceDbContext db, IReadOnlyCollection<int> entryIds) =>
        db.LogEntries.Where(e => e.CorrectsId != null && entryIds.Contains(e.CorrectsId.Value));

    /// <summary>The incident's actions raised by <paramref name="asOf"/>, with their updates, in number order.</summary>
    public static IQueryable<IncidentAction> Actions(ResilienceDbContext db, int incidentId, DateTime asOf) =>
        db.IncidentActions.Include(a => a.Updates).Where(a => a.IncidentId == incidentId && a.RaisedAt <= asOf).OrderBy(a => a.Number);

    /// <summary>The numbers the incident's log has given; the next is one more than the highest.</summary>
    public static IQueryable<int> EntryNumbers(ResilienceDbContext db, int incidentId) =>
        db.LogEntries.Where(e => e.IncidentId == incidentId).Select(e => e.Number);

    public static IQueryable<int> ActionNumbers(ResilienceDbContext db, int incidentId) =>
        db.IncidentActions.Where(a => a.IncidentId == incidentId).Select(a => a.Number);

    public static LogEntryView View(LogEntry e, DateTime seenAt) => new(
        e.Id, e.IncidentId, e.Number, e.Kind, e.Summary, e.Rationale, e.OptionsConsidered, e.DecisionMaker, e.OccurredAt, e.RecordedAt,
        e.RecordedBy, e.DelayReason, e.BasedOnAsOf, e.CorrectsId, e.CorrectionReason, seenAt);

    /// <summary>The first instant after <paramref name="asOf"/> at which one of the open actions falls overdue, if any will.</summary>
    public static DateTime? NextFallingDue(IEnumerable<ActionView> actions, DateTime asOf) =>
        actions.Where(a => a.Status == ActionStatus.Open && a.DueAt >= asOf).Min(a => a.DueAt);

    /// <summary>An action as it stood at <paramref name="asOf"/>: the updates made by then, and the status and version they left.</summary>
    public static ActionView View(IncidentAction a, DateTime asOf)
    {
        var updates = a.Updates.Where(u => u.At <= asOf).OrderBy(u => u.Version).ToList();
        return new(a.Id, a.IncidentId, a.Number, a.Title, a.OwnerId, a.OwnerName, a.DueAt,
            updates.Count == 0 ? ActionStatus.Open : updates[^1].Status, a.DecisionId, a.RaisedAt, a.RaisedBy,
            updates.Count == 0 ? 1 : updates[^1].Version, [.. updates.Select(u => new ActionUpdateView(u.At, u.By, u.Status, u.Note))], asOf);
    }
}
