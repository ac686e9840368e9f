namespace ResilienceHub.Api.Features.Incidents;

/// <summary>One local date of a reporting schedule: the first and last report times, both inclusive, in local time.</summary>
public sealed record ReportingWindow(DateOnly Date, TimeOnly FirstReportAt, TimeOnly LastReportAt);
