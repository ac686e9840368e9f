namespace ResilienceHub.Api.Features.Exercises;

public static class ExerciseExtensions
{
    /// <summary>Starting replays (scoped: a request's refusals are its own), injecting their returns in the background, and deleting exercises.</summary>
    public static IHostApplicationBuilder AddExercises(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ExerciseOptions>(ExerciseOptions.Section);
        builder.Services.AddScoped<ExerciseStarts>();
        builder.Services.AddScoped<ExerciseDeletions>();
        builder.Services.AddSingleton<ExerciseInjector>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ExerciseInjector>());
        return builder;
    }
}
