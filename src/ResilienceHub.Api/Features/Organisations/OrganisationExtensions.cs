namespace ResilienceHub.Api.Features.Organisations;

public static class OrganisationExtensions
{
    /// <summary>Saving organisations and groups (scoped: a request's refusals are its own).</summary>
    public static IHostApplicationBuilder AddOrganisations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OrganisationSaves>();
        builder.Services.AddScoped<ResilienceGroupSaves>();
        return builder;
    }
}
