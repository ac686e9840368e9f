namespace ResilienceHub.Api.Features.ReferenceData;

public static class ReferenceDataExtensions
{
    /// <summary>The organisations, groups and catalogue, kept in memory for every request (see <see cref="ReferenceDataCache"/>).</summary>
    public static IHostApplicationBuilder AddReferenceData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReferenceDataCache>();
        return builder;
    }
}
