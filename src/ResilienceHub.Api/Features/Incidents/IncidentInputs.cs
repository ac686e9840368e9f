using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Incidents;

public sealed record DeclareIncidentInput(
    string Reference,
    string Title,
    string GroupId,
    string TimeZone,
    int CadenceMinutes,
    int GraceMinutes,
    IReadOnlyList<ReportingWindowInput> Windows,
    string? Kind = null,
    IReadOnlyList<string>? ParticipantIds = null,
    bool? RequiresSignOff = null,
    bool? Exercise = null);

/// <summary>What an exercise replaying another incident replays, checked before the declaration checks the rest.</summary>
public sealed record ReplayPlan(IncidentView Source, double Speed, DateTime StartsAt, IReadOnlySet<int> Played, IReadOnlyList<UserError> Problems);

/// <summary>One local date of reporting as a client sends it: report times are local "HH:mm".</summary>
public sealed record ReportingWindowInput(DateOnly Date, string FirstReportAt, string LastReportAt);

/// <summary>The outcome of declaring or standing down: the incident as it now stands, or every reason it was refused.</summary>
public sealed record IncidentResult(IncidentView? Incident, IReadOnlyList<UserError> Errors);
