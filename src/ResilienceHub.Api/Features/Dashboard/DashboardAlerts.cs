namespace ResilienceHub.Api.Features.Dashboard;

public static class DashboardAlerts
{
    /// <summary>The order the dashboard lists alerts in: newest first, the graver first among alerts of one instant, then by organisation.</summary>
    public static IReadOnlyList<AlertView> NewestFirst(IEnumerable<AlertView> alerts) =>
        [.. alerts.OrderByDescending(a => a.At).ThenByDescending(a => a.Severity).ThenBy(a => a.Organisation?.Name, StringComparer.Ordinal)];
}
