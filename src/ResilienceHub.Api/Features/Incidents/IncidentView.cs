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
    DateTime? StoodDownAt)
{
    public IncidentStatus StatusAt(DateTime at) => IncidentStatusRules.StatusAt(Schedule, StoodDownAt, at);
}
