namespace ResilienceHub.Api.Features.Sitreps;

public static class SitrepExtensions
{
    /// <summary>Submitting and amending returns, their loaders, the recent versions live updates read, and the <c>Sitreps</c> settings.</summary>
    public static IHostApplicationBuilder AddSitreps(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SitrepOptions>(SitrepOptions.Section);
        builder.Services.AddScoped<SitrepSubmissions>();
        builder.Services.AddScoped<SitrepVersionsLoader>();
        builder.Services.AddScoped<SitrepSignOffsLoader>();
        builder.Services.AddScoped<CurrentSitrepLoader>();
        builder.Services.AddSingleton<RecentSitrepVersions>();
        return builder;
    }
}
