namespace ResilienceHub.Api.Features.Dashboard;

/// <param name="SignedOff">Of the returns counted (on time or late), those signed off by asOf; 0 where the incident does not require sign-off.</param>
/// <param name="AwaitingSignOff">Of the returns counted, those awaiting sign-off at asOf; 0 where the incident does not require sign-off.</param>
/// <param name="Nil">Of the returns counted, the nil returns.</param>
public sealed record ComplianceView(int Expected, int OnTime, int Late, int Overdue, double PercentOnTime, int SignedOff = 0, int AwaitingSignOff = 0, int Nil = 0);
