namespace ResilienceHub.Api.Features.Dashboard;

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
