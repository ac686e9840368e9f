using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>One audit entry as directors read it.</summary>
public sealed record AuditEntryView(
    int Id, DateTime OccurredAt, string Actor, string? ActorSubject, string Roles, string? OnBehalfOf, string? ClientAddress,
    string Action, string Outcome, int? IncidentId, int? SitrepId, int? Version, string? Detail);

/// <summary>Audit query shapes (a test translates each for SQL Server).</summary>
public static class AuditQueries
{
    /// <summary>
    /// Newest first, after a keyset cursor (an entry id), one extra row to tell whether more follow; only the entries of
    /// incidents in <paramref name="groupIds"/> unless it is null (every group, and the entries of no incident).
    /// </summary>
    public static IQueryable<AuditEntryView> Page(ResilienceDbContext db, int? beforeId, int first, IReadOnlyCollection<int>? groupIds = null) =>
        db.AuditEntries
            .Where(a => beforeId == null || a.Id < beforeId)
            .Where(a => groupIds == null || (a.Incident != null && groupIds.Contains(a.Incident.GroupId)))
            .OrderByDescending(a => a.Id)
            .Take(first + 1)
            .Select(a => new AuditEntryView(
                a.Id, a.OccurredAt, a.Actor, a.ActorSubject, a.Roles, a.OnBehalfOf, a.ClientAddress, a.Action, a.Outcome, a.IncidentId, a.SitrepId, a.Version, a.Detail));
}
