using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ResilienceHub.Api.Tests.Deployment;

// No container engine runs here, so infra/ is checked for what can be checked without one: the YAML
// parses and hangs together, every file it or the Dockerfile names exists, and the docs match.
public partial class DeploymentFilesTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void TheComposeFileRunsTheApiOnSqlServerWithTheCollectorAndTheDashboard()
    {
        var services = Mapping(LoadYaml("infra/compose.yaml"), "services");

        Assert.Equal(["api", "aspire-dashboard", "otel-collector", "sqlserver"], services.Children.Keys.Select(k => k.ToString()).Order());
        var api = Mapping(services, "api");
        var environment = Mapping(api, "environment");
        Assert.Equal("SqlServer", Scalar(environment, "Database__Provider"));
        Assert.StartsWith("Server=sqlserver;", Scalar(environment, "ConnectionStrings__ResilienceHub"), StringComparison.Ordinal);
        Assert.Contains("${MSSQL_SA_PASSWORD", Scalar(environment, "ConnectionStrings__ResilienceHub"), StringComparison.Ordinal);
        Assert.Equal("http://otel-collector:4317", Scalar(environment, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal("true", Scalar(api, "read_only"));
        Assert.Equal("mcr.microsoft.com/mssql/server:2022-latest", Scalar(Mapping(services, "sqlserver"), "image"));
        Assert.StartsWith("otel/opentelemetry-collector-contrib:", Scalar(Mapping(services, "otel-collector"), "image"), StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspire-dashboard:", Scalar(Mapping(services, "aspire-dashboard"), "image"), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFileTheComposeFileNamesExists()
    {
        var services = Mapping(LoadYaml("infra/compose.yaml"), "services");
        var build = Mapping(Mapping(services, "api"), "build");
        var context = Path.GetFullPath(Path.Combine(Root, "infra", Scalar(build, "context")));

        Assert.Equal(Root, context.TrimEnd(Path.DirectorySeparatorChar));
        Assert.True(File.Exists(Path.Combine(context, Scalar(build, "dockerfile"))), "the api's dockerfile");
        var bindMounts = services.Children.Values.Cast<YamlMappingNode>()
            .Where(service => service.Children.ContainsKey("volumes"))
            .SelectMany(service => ((YamlSequenceNode)service["volumes"]).Select(volume => volume.ToString().Split(':')[0]))
            .Where(source => source.StartsWith('.'))
            .ToList();
        Assert.NotEmpty(bindMounts);
        Assert.All(bindMounts, source => Assert.True(File.Exists(Path.Combine(Root, "infra", source)), source));
    }

    [Fact]
    public void TheCollectorConfigurationFeedsEverySignalToTheDashboardThroughComponentsItDefines()
    {
        var config = LoadYaml("infra/otel-collector.yaml");
        var pipelines = Mapping(Mapping(config, "service"), "pipelines");

        Assert.Equal(["logs", "metrics", "traces"], pipelines.Children.Keys.Select(k => k.ToString()).Order());
        foreach (var (signal, pipeline) in pipelines.Children)
        {
            foreach (var kind in new[] { "receivers", "processors", "exporters" })
            {
                var defined = Mapping(config, kind).Children.Keys.Select(k => k.ToString()).ToHashSet();
                var used = ((YamlSequenceNode)((YamlMappingNode)pipeline)[kind]).Select(n => n.ToString()).ToList();
                Assert.NotEmpty(used);
                Assert.All(used, name => Assert.True(defined.Contains(name), $"{signal} uses {kind} '{name}', which is not defined"));
            }
        }

        Assert.Equal("aspire-dashboard:18889", Scalar(Mapping(Mapping(config, "exporters"), "otlp/aspire"), "endpoint"));
        var mount = Assert.Single((YamlSequenceNode)Mapping(Mapping(LoadYaml("infra/compose.yaml"), "services"), "otel-collector")["volumes"]);
        Assert.Equal("./otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro", mount.ToString());
    }

    [Fact]
    public void EveryFileTheDockerfileCopiesExistsAndIsNotExcludedFromTheBuildContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(DockerIgnorePattern)
            .ToList();
        var sources = DockerfileInstructions()
            .Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            var path = source.TrimEnd('/');
            Assert.True(File.Exists(Path.Combine(Root, path)) || Directory.Exists(Path.Combine(Root, path)), $"{source} does not exist");
            Assert.DoesNotContain(ignored, pattern => pattern.IsMatch(path));
        });
    }

    [Fact]
    public void TheImageRunsThePublishedApiAsANonRootUserOnPort8080WithItsDataOnAVolume()
    {
        var instructions = DockerfileInstructions();
        var runtime = instructions.SkipWhile(i => !i.EndsWith("AS runtime", StringComparison.Ordinal)).ToList();

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", instructions.Single(i => i.StartsWith("FROM ", StringComparison.Ordinal) && i.EndsWith(" AS build", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0 ", runtime[0], StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("VOLUME /data", runtime);
        var environment = runtime.Single(i => i.StartsWith("ENV ", StringComparison.Ordinal));
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", environment, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__ResilienceHub=\"Data Source=/data/", environment, StringComparison.Ordinal);
        Assert.Contains("TMPDIR=/data/", environment, StringComparison.Ordinal);
        // appsettings.json's Urls would outrank ASPNETCORE_URLS and bind localhost only inside the container.
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/appsettings.json")));
        if (appsettings.RootElement.TryGetProperty("Urls", out _))
        {
            Assert.Contains("Urls=http://+:8080", environment, StringComparison.Ordinal);
        }

        // The entry point is the assembly the project builds: named after the project file, unless it says otherwise.
        Assert.DoesNotContain("<AssemblyName>", File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/ResilienceHub.Api.csproj")), StringComparison.Ordinal);
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"ResilienceHub.Api.dll\"]", runtime[^1]);
    }

    [Fact]
    public void TheImageBuildsTheScreenWithNodeAndPublishesItFromWhereTheProjectTakesIt()
    {
        var instructions = DockerfileInstructions();
        var client = Stage(instructions, "client");
        var build = Stage(instructions, "build");
        var clientApp = WorkDir(client);

        Assert.StartsWith("FROM node:20-", client[0], StringComparison.Ordinal);
        // The lockfile's packages are installed before the sources arrive (a layer that survives source edits), then built.
        var install = client.IndexOf("RUN npm ci --no-audit --no-fund");
        Assert.True(install > client.FindIndex(i => i.StartsWith("COPY ", StringComparison.Ordinal) && i.Contains("package-lock.json", StringComparison.Ordinal)), "npm ci runs before the lockfile is copied");
        Assert.True(client.IndexOf("RUN npm run build") > install, "the client stage does not run npm run build after npm ci");
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/ClientApp/package.json")));
        Assert.True(package.RootElement.GetProperty("scripts").TryGetProperty("build", out _), "ClientApp has no build script");

        // GraphiQL's page imports the committed schema by a relative path; the client stage puts it there.
        var graphiql = File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/ClientApp/src/graphiql.ts"));
        var schemaImport = GraphiQLSchemaImportRegex().Match(graphiql).Groups[1].Value;
        var schemaCopy = client.Single(i => i.StartsWith("COPY ", StringComparison.Ordinal) && i.Contains("schema.graphql", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(Combine(clientApp, "src", schemaImport), Combine(clientApp, schemaCopy[^1], Path.GetFileName(schemaCopy[^2])));

        // Vite's outDir is what the build stage copies, to the wwwroot/ beside the project file that PublishClientApp publishes.
        var outDir = ViteOutDirRegex().Match(File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/ClientApp/vite.config.ts"))).Groups[1].Value;
        var copy = build.Single(i => i.StartsWith("COPY --from=client ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(Combine(clientApp, outDir), copy[2].TrimEnd('/'));
        Assert.Equal("/source/src/ResilienceHub.Api/wwwroot", Combine(WorkDir(build), copy[3]));
        // (PublishingTakesEachBuiltScreenFileOnceIntoWwwroot checks that publish takes what is there.)
        Assert.Contains("Include=\"wwwroot/**\"", File.ReadAllText(Path.Combine(Root, "src/ResilienceHub.Api/ResilienceHub.Api.csproj")), StringComparison.Ordinal);
        var publish = build.FindIndex(i => i.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        Assert.True(build.IndexOf(string.Join(' ', copy)) < publish, "the screen is copied after dotnet publish");
        Assert.Contains("-p:BuildClientApp=false", build[publish], StringComparison.Ordinal);
        // A local build of the screen never reaches the image in place of the client stage's.
        Assert.Contains("src/ResilienceHub.Api/wwwroot/", File.ReadAllLines(Path.Combine(Root, ".dockerignore")));
    }

    [Fact]
    public async Task PublishingTakesEachBuiltScreenFileOnceIntoWwwroot()
    {
        var wwwroot = Path.Combine(Root, "src/ResilienceHub.Api/wwwroot");
        Assert.SkipUnless(File.Exists(Path.Combine(wwwroot, "index.html")), "The screen is not built in src/ResilienceHub.Api/wwwroot (the API was built with -p:BuildClientApp=false).");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "msbuild", Path.Combine(Root, "src/ResilienceHub.Api/ResilienceHub.Api.csproj"), "-nologo",
                "-t:ComputeFilesToPublish", "-getItem:ResolvedFileToPublish", "-p:BuildClientApp=false", "-p:NoBuild=true",
            },
        };
        using var msbuild = System.Diagnostics.Process.Start(start)!;
        var output = await msbuild.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await msbuild.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(msbuild.ExitCode == 0, $"dotnet msbuild exited with {msbuild.ExitCode}: {output}{await msbuild.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");

        using var items = JsonDocument.Parse(output);
        var published = items.RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray()
            .Select(item => item.GetProperty("RelativePath").GetString()!.Replace('\\', '/'))
            .ToList();
        // Publish refuses two files for one path (NETSDK1152); every built file is published once, under wwwroot/.
        Assert.Empty(published.GroupBy(path => path).Where(g => g.Count() > 1).Select(g => g.Key));
        var built = Directory.EnumerateFiles(wwwroot, "*", SearchOption.AllDirectories)
            .Select(file => "wwwroot/" + Path.GetRelativePath(wwwroot, file).Replace('\\', '/'))
            .ToList();
        Assert.Contains("wwwroot/silent-renew.html", built);
        Assert.All(built, file => Assert.Contains(file, published));
    }

    [Fact]
    public void TheBuildCommandInTheDockerfileIsTheOneTheReadmeDocumentsAndTheComposeFileUses()
    {
        var command = File.ReadAllLines(Path.Combine(Root, "infra/Dockerfile"))
            .Select(line => line.TrimStart('#', ' '))
            .Single(line => line.StartsWith("docker build ", StringComparison.Ordinal));
        var readme = File.ReadAllText(Path.Combine(Root, "infra/README.md"));
        var build = Mapping(Mapping(Mapping(LoadYaml("infra/compose.yaml"), "services"), "api"), "build");

        Assert.Equal("docker build -f infra/Dockerfile -t resiliencehub-api .", command);
        Assert.Contains(command, readme, StringComparison.Ordinal);
        Assert.Contains("docker compose -f infra/compose.yaml up", readme, StringComparison.Ordinal);
        Assert.Equal(("..", "infra/Dockerfile"), (Scalar(build, "context"), Scalar(build, "dockerfile")));
    }

    /// <summary>The instructions of one named stage, its FROM first.</summary>
    private static List<string> Stage(List<string> instructions, string name) =>
        [.. instructions.SkipWhile(i => !(i.StartsWith("FROM ", StringComparison.Ordinal) && i.EndsWith($" AS {name}", StringComparison.Ordinal)))
            .TakeWhile((i, n) => n == 0 || !i.StartsWith("FROM ", StringComparison.Ordinal))];

    private static string WorkDir(List<string> stage) => stage.Single(i => i.StartsWith("WORKDIR ", StringComparison.Ordinal))["WORKDIR ".Length..];

    /// <summary>Container paths joined and normalised ('..', '.', trailing '/'), as Docker resolves a relative path against WORKDIR.</summary>
    private static string Combine(params string[] parts)
    {
        var segments = new List<string>();
        foreach (var segment in string.Join('/', parts).Split('/'))
        {
            if (segment == "..") segments.RemoveAt(segments.Count - 1);
            else if (segment is not ("" or ".")) segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }

    private static YamlMappingNode LoadYaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    /// <summary>The Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
    private static List<string> DockerfileInstructions() =>
        [.. ContinuationRegex().Replace(File.ReadAllText(Path.Combine(Root, "infra/Dockerfile")), " ")
            .Split('\n')
            .Select(line => WhitespaceRegex().Replace(line.Trim(), " "))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))];

    /// <summary>A .dockerignore line as a regex over a context path: it matches the path or a folder above it.</summary>
    private static Regex DockerIgnorePattern(string pattern)
    {
        var body = Regex.Escape(pattern.TrimEnd('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{body}(/.*)?$");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ResilienceHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with ResilienceHub.sln) is not above the test binary.");
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationRegex();

    [GeneratedRegex(@"from '([^']*schema\.graphql)\?raw'")]
    private static partial Regex GraphiQLSchemaImportRegex();

    [GeneratedRegex(@"outDir: '([^']+)'")]
    private static partial Regex ViteOutDirRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
