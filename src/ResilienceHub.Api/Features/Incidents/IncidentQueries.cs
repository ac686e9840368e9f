using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>Incident query shapes (a test translates each for SQL Server) and their mapping to views.</summary>
public static class IncidentQueries
{
    // Split: windows and participants joined in one query multiply (14 days × 300 organisations = 4,200 rows an incident).
    public static IQueryable<IncidentRow> Rows(IQueryable<Incident> incidents) =>
        incidents.AsSplitQuery().Select(i => new IncidentRow(
            i.Id, i.Reference, i.Title, i.Kind, i.GroupId, i.TimeZone, i.CadenceMinutes, i.GraceMinutes,
            i.Windows.OrderBy(w => w.Date).Select(w => new ReportingWindow(w.Date, w.FirstReportAt, w.LastReportAt)).ToList(),
            i.Participants.OrderBy(p => p.OrganisationId).Select(p => p.OrganisationId).ToList(),
            i.DeclaredAt, i.StoodDownAt, i.RequiresSignOff, i.Exercise, i.ReplayOfId, i.ReplaySpeed, i.ReplayStartsAt));

    public static IQueryable<IncidentRow> Newest(ResilienceDbContext db) => Rows(db.Incidents.OrderByDescending(i => i.DeclaredAt));

    public static IQueryable<IncidentRow> ByIds(ResilienceDbContext db, IReadOnlyCollection<int> ids) => Rows(db.Incidents.Where(i => ids.Contains(i.Id)));

    public static IQueryable<Incident> WithReference(ResilienceDbContext db, string reference) => db.Incidents.Where(i => i.Reference == reference);

    /// <summary>The incident, if it has not been stood down: what a stand-down updates.</summary>
    public static IQueryable<Incident> Standing(ResilienceDbContext db, int id) => db.Incidents.Where(i => i.Id == id && i.StoodDownAt == null);

    // An incident whose stored schedule no longer reads (written before today's checks) is left out, not allowed to
    // fail every answer that lists it; the readiness check names it.
    public static async Task<IReadOnlyList<IncidentView>> ListAsync(ResilienceDbContext db, CancellationToken cancellationToken) =>
        [.. (await Newest(db).ToListAsync(cancellationToken)).Select(r => r.ToView()).OfType<IncidentView>()];

    public static async Task<IReadOnlyDictionary<int, IncidentView>> ByIdsAsync(
        ResilienceDbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        (await ByIds(db, ids).ToListAsync(cancellationToken)).Select(r => r.ToView()).OfType<IncidentView>().ToDictionary(i => i.Id);

    public sealed record IncidentRow(
        int Id, string Reference, string Title, string Kind, int GroupId, string TimeZone, int CadenceMinutes,
        int GraceMinutes, List<ReportingWindow> Windows, List<int> ParticipantIds, DateTime DeclaredAt, DateTime? StoodDownAt,
        bool RequiresSignOff, bool Exercise = false, int? ReplayOfId = null, double? ReplaySpeed = null, DateTime? ReplayStartsAt = null)
    {
        /// <summary>Why the stored schedule cannot be read, if it cannot.</summary>
        public IReadOnlyList<ScheduleProblem> ScheduleProblems => ReportingSchedule.Validate(TimeZone, CadenceMinutes, GraceMinutes, Windows);

        /// <summary>The incident, or null when its stored schedule cannot be read.</summary>
        public IncidentView? ToView() => ScheduleProblems.Count > 0 ? null : new(
            Id, Reference, Title, Kind, GroupId, Schedule(), ParticipantIds, DeclaredAt, StoodDownAt, RequiresSignOff, Exercise, ReplayOfId, ReplaySpeed);

        // A replay keeps its source's schedule as its script and runs it compressed.
        private ReportingSchedule Schedule()
        {
            var script = new ReportingSchedule(TimeZone, CadenceMinutes, GraceMinutes, Windows);
            return ReplaySpeed is { } speed && ReplayStartsAt is { } startsAt ? ReportingSchedule.Compressed(script, startsAt, speed) : script;
        }
    }
}
