using System.ComponentModel.DataAnnotations;
using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>The <c>Dashboard</c> configuration section: how the incidents' ledgers are kept in memory.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Load the ledgers of the incidents taking returns in the background at start-up (see <see cref="LedgerWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// How long an incident's ledger is kept without being read before it is dropped; its next dashboard loads it again
    /// from the database (about 3 s for a national incident of 14 days, which holds some 120 MB).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Dashboard:LedgerIdleTimeout must be between {1} and {2}, a time span such as 00:30:00.")]
    public TimeSpan LedgerIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

public static class DashboardExtensions
{
    /// <summary>The incidents' ledgers, their load at start-up, the overdue-returns gauge, and the <c>Dashboard</c> settings.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DashboardOptions>(DashboardOptions.Section);
        builder.Services.AddSingleton<IncidentLedgers>();
        builder.Services.AddHostedService<LedgerWarmUp>();
        builder.Services.AddSingleton<OverdueReturnsGauge>();
        return builder;
    }

    /// <summary>The CSV export of an incident's returns: it shows what the dashboard shows, so it asks what the dashboard asks, any of the roles.</summary>
    public static IEndpointRouteBuilder MapDashboardExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSitrepExport().RequireAuthorization(policy => policy.RequireRole(Access.Roles.All)).RateLimitedPerCaller();
        return endpoints;
    }
}
