namespace ResilienceHub.Api.Features.Log;

public static class LogExtensions
{
    /// <summary>Writing the decision log and the actions (scoped: a request's refusals are its own), and loading entries by id.</summary>
    public static IHostApplicationBuilder AddLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionLog>();
        builder.Services.AddScoped<IncidentActions>();
        builder.Services.AddScoped<LogEntryLoader>();
        builder.Services.AddScoped<CorrectionLoader>();
        return builder;
    }
}
