namespace ResilienceHub.Api.Features.Incidents;

public static class IncidentExtensions
{
    /// <summary>Declaring and standing down incidents (scoped: a request's refusals are its own), and loading them by id.</summary>
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IncidentLoader>();
        builder.Services.AddScoped<IncidentDeclarations>();
        return builder;
    }
}
