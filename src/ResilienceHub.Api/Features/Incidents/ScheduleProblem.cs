namespace ResilienceHub.Api.Features.Incidents;

/// <summary>A reason a schedule is invalid: a stable code, a plain-English message and the path of the input field at fault.</summary>
public sealed record ScheduleProblem(string Code, string Message, IReadOnlyList<string> Field);
