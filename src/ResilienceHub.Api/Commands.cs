using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Data.Seeding;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api;

/// <summary>A command's own options (<c>--role</c>, <c>--org</c>, <c>--name</c>), kept apart from the configuration arguments.</summary>
internal sealed record CommandArguments(string[] Configuration, ILookup<string, string> Options);

/// <summary>The executable's commands besides serving: <c>migrate</c>, <c>seed</c>, <c>schema</c>, <c>token</c>.</summary>
internal static class Commands
{
    public static readonly string[] Names = ["migrate", "seed", "schema", "token", "help"];
    private static readonly string[] TokenOptions = ["--role", "--org", "--group", "--name"];

    public const string Usage = """
        Usage: ResilienceHub.Api [command] [--Key=value ...]

        With no command, serves the API (http://localhost:5080 unless --urls says otherwise). Commands:
          migrate   apply the database migrations and stop
          seed      migrate, load the seed files (reference data; the demo incident where Seed:Demo=true) and stop
          schema    print the GraphQL schema (SDL)
          token     print a development bearer token: --role REPORTER|SIGNATORY|DIRECTOR|ADMIN|VIEWER [--org ODS] [--group CODE|*] [--name NAME]
                    (needs a development signing key: the Development environment has one)
          help      print this

        Any setting can follow as --Key=value, e.g. --Seed:Demo=false or --Database:Provider=SqlServer.
        """;

    /// <summary>
    /// Splits a leading command word and its options off the arguments, leaving the rest for configuration; a first
    /// word that is neither a command nor a setting is <c>unknown</c>, so a slip never starts the server by mistake.
    /// </summary>
    public static (string? Command, CommandArguments Arguments) Parse(string[] args)
    {
        if (args is ["help" or "-h" or "--help" or "-?" or "/?", ..])
        {
            return ("help", new([], Array.Empty<string>().ToLookup(_ => "")));
        }

        if (args.Length == 0 || (!Names.Contains(args[0], StringComparer.OrdinalIgnoreCase) && IsSetting(args[0])))
        {
            return (null, new(args, Array.Empty<string>().ToLookup(_ => "")));
        }

        if (!Names.Contains(args[0], StringComparer.OrdinalIgnoreCase))
        {
            return ("unknown", new([], new[] { ("--command", args[0]) }.ToLookup(o => o.Item1, o => o.Item2)));
        }

        var configuration = new List<string>();
        var options = new List<(string Name, string Value)>();
        for (var i = 1; i < args.Length; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (TokenOptions.Contains(name, StringComparer.OrdinalIgnoreCase) && (inline ?? (i + 1 < args.Length ? args[++i] : null)) is { } value)
            {
                // Roles and organisations may be listed with commas; a name may contain them.
                var values = name.Equals("--name", StringComparison.OrdinalIgnoreCase) ? [value] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                options.AddRange(values.Select(v => (name.ToLowerInvariant(), v)));
            }
            else
            {
                configuration.Add(args[i]);
            }
        }

        return (args[0].ToLowerInvariant(), new([.. configuration], options.ToLookup(o => o.Name, o => o.Value)));
    }

    /// <summary>What the first argument of a plain start looks like: a setting (--Key=value, /Key=value, Key=value or --urls …).</summary>
    private static bool IsSetting(string argument) => argument.StartsWith('-') || argument.StartsWith('/') || argument.Contains('=', StringComparison.Ordinal);

    /// <summary>Help and an unknown command, answered before anything is built.</summary>
    public static int? RunBeforeBuilding(string? command, CommandArguments arguments)
    {
        switch (command)
        {
            case "help":
                Console.Out.Write(Usage);
                return 0;
            case "unknown":
                Console.Error.WriteLine($"'{arguments.Options["--command"].Single()}' is not a command.");
                Console.Error.Write(Usage);
                return 2;
            default:
                return null;
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string command, CommandArguments arguments)
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
            case "token":
                return await PrintTokenAsync(services.GetRequiredService<IOptions<AccessOptions>>().Value, services.GetRequiredService<TimeProvider>(), arguments.Options);
        }

        return 0;
    }

    public static string PrintSchema(ISchema schema) =>
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n");

    private static async Task<int> PrintTokenAsync(AccessOptions access, TimeProvider time, ILookup<string, string> options)
    {
        var roles = options["--role"].Select(r => r.ToUpperInvariant()).Distinct().ToList();
        var organisations = options["--org"].Select(o => o.ToUpperInvariant()).Distinct().ToList();
        string? problem =
            string.IsNullOrEmpty(access.DevelopmentSigningKey) ? "No development signing key is configured (Authentication:DevelopmentSigningKey), so there is nothing to sign a token with. It is set in appsettings.Development.json: run in the Development environment (dotnet run --project src/ResilienceHub.Api -- token --role DIRECTOR)."
            : roles.Count == 0 ? $"Say which role the token carries: --role {string.Join('|', Roles.All)}."
            : roles.Except(Roles.All).FirstOrDefault() is { } unknown ? $"'{unknown}' is not a role; use {string.Join(", ", Roles.All)}."
            : roles.Contains(Roles.Reporter) && organisations.Count == 0 ? "A REPORTER token needs the ODS code of the organisation it reports for: --org RNL."
            : roles.Contains(Roles.Signatory) && organisations.Count == 0 ? "A SIGNATORY token needs the ODS code of the organisation whose returns it signs off: --org RNL."
            : null;
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync(problem);
            return 2;
        }

        var groups = options["--group"].Select(g => g.ToUpperInvariant()).Distinct().ToList();
        if (groups.Count == 0)
        {
            // A local convenience, said so: a token of a real deployment names its groups.
            groups = [Actor.EveryGroup];
            await Console.Error.WriteLineAsync("No --group given: the token acts in every group (--group '*'). Name groups, e.g. --group NCSRG, to act in those only.");
        }

        var name = options["--name"].LastOrDefault() ?? $"Local {roles[0].ToLowerInvariant()}";
        await Console.Out.WriteLineAsync(DevelopmentTokens.Issue(access, name, roles, organisations, time.GetUtcNow(), groups: groups));
        return 0;
    }
}
