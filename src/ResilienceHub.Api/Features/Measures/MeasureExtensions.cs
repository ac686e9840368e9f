namespace ResilienceHub.Api.Features.Measures;

public static class MeasureExtensions
{
    /// <summary>Creating and revising measures (scoped: a request's refusals are its own).</summary>
    public static IHostApplicationBuilder AddMeasures(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MeasureSaves>();
        return builder;
    }
}
