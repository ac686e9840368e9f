namespace ResilienceHub.Api.Features.Dashboard;

public sealed record ComplianceView(int Expected, int OnTime, int Late, int Overdue, double PercentOnTime);
