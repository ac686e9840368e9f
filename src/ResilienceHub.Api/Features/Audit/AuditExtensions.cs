namespace ResilienceHub.Api.Features.Audit;

public static class AuditExtensions
{
    /// <summary>The audit trail: accepted writes add their entry themselves; refused ones go through the request's <see cref="Refusals"/>.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddScoped<Refusals>();
        builder.Services.AddSingleton<AnonymousRefusals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AnonymousRefusals>());
        return builder;
    }
}
