using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Dashboard;

namespace ResilienceHub.Api.Features.Log;

public static class LogExtensions
{
    /// <summary>Writing the decision log and the actions (scoped: a request's refusals are its own), loading entries by id, and overdue actions as dashboard alerts.</summary>
    public static IHostApplicationBuilder AddLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionLog>();
        builder.Services.AddScoped<IncidentActions>();
        builder.Services.AddScoped<LogEntryLoader>();
        builder.Services.AddScoped<CorrectionLoader>();
        builder.Services.AddSingleton<IDashboardAlertSource, ActionAlerts>();
        return builder;
    }

    /// <summary>The CSV of an incident's log and actions, asked as the returns' export asks: any of the roles, within their scope.</summary>
    public static IEndpointRouteBuilder MapLogExport(this IEndpointRouteBuilder endpoints)
    {
        LogExport.Map(endpoints).RequireAuthorization(policy => policy.RequireRole(Access.Roles.All)).RateLimitedPerCaller();
        return endpoints;
    }
}
