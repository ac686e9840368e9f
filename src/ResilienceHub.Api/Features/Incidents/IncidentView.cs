namespace ResilienceHub.Api.Features.Incidents;

public sealed record IncidentView(
    int Id,
    string Reference,
    string Title,
    string Kind,
    int GroupId,
    ReportingSchedule Schedule,
    IReadOnlyList<int> ParticipantIds,
    DateTime DeclaredAt,
    DateTime? StoodDownAt,
    bool RequiresSignOff = false,
    bool Exercise = false,
    int? ReplayOfId = null,
    double? ReplaySpeed = null)
{
    public IncidentStatus StatusAt(DateTime at) => IncidentStatusRules.StatusAt(Schedule, StoodDownAt, at);

    /// <summary>When the status changes by the clock alone after <paramref name="at"/>: the first period opening, if still to come.</summary>
    public DateTime? StatusChangesAfter(DateTime at) => StoodDownAt is null && at < Schedule.Periods[0].OpensAt ? Schedule.Periods[0].OpensAt : null;
}
