using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Data.Seeding;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api;

/// <summary>The executable's commands besides serving: <c>migrate</c>, <c>seed</c>, <c>schema</c>.</summary>
internal static class Commands
{
    public static readonly string[] Names = ["migrate", "seed", "schema"];

    /// <summary>Splits a leading command word off the arguments, leaving the rest for configuration.</summary>
    public static (string? Command, string[] Arguments) Parse(string[] args) =>
        args.Length > 0 && Names.Contains(args[0], StringComparer.OrdinalIgnoreCase)
            ? (args[0].ToLowerInvariant(), args[1..])
            : (null, args);

    public static async Task<int> RunAsync(WebApplication app, string command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (command)
        {
            case "migrate":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                break;
            case "seed":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                await services.GetRequiredService<DatabaseSeeder>().SeedAsync(CancellationToken.None);
                break;
            case "schema":
                await Console.Out.WriteAsync(PrintSchema(services.GetRequiredService<ResilienceSchema>()));
                break;
        }

        return 0;
    }

    public static string PrintSchema(ISchema schema) =>
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n");
}
