using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// The API as a client meets it, on a real SQLite file of its own in a temporary folder.
/// Settings are overridden as an operator would set them; time is a fake clock. Clients carry real
/// tokens signed with the test project's own key: <see cref="WebApplicationFactory{T}.CreateClient()"/> is a director's.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>TEST-ONLY signing key, published with the tests; it means nothing anywhere else.</summary>
    public const string TestSigningKey = "L6yx/yXXCrgpJ0LpTeV5V1M2Rrvm0byYlyS/L4u4NsA=";

    public const string DirectorName = "Test director";

    private readonly string? _directory;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="databasePath">Another instance's database, to run a second instance of the API beside it.</param>
    public ApiFactory(bool demo = false, DateTimeOffset? now = null, string? databasePath = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2016, 4, 26, 7, 30, 0, TimeSpan.Zero));
        _directory = databasePath is null ? Directory.CreateTempSubdirectory("resiliencehub-tests-").FullName : null;
        DatabasePath = databasePath ?? Path.Combine(_directory!, "resiliencehub.db");
        _settings["Database:Provider"] = "Sqlite";
        _settings["ConnectionStrings:ResilienceHub"] = $"Data Source={DatabasePath}";
        _settings["Seed:Demo"] = demo ? "true" : "false";
        _settings["Authentication:DevelopmentSigningKey"] = TestSigningKey;
        // Tests that count a request's SQL commands must not meet the start-up load of the ledgers; one test turns it on.
        _settings["Dashboard:WarmUp"] = "false";
        // Nor the exercise injector's looks for replays; the tests of replays inject in step with the clock, or turn it on.
        _settings["Exercises:Inject"] = "false";
    }

    public string DatabasePath { get; }

    /// <summary>The API's clock; by default it starts at 07:30Z on the reference strike's first day, inside its first period.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Every SQL command the API has sent.</summary>
    public SqlCommandLog Sql { get; } = new();

    /// <summary>The /graphql endpoint of the API started on a real port (<c>UseKestrel(0)</c>).</summary>
    public Uri GraphQLEndpoint
    {
        get
        {
            var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses;
            return new Uri(new Uri(addresses.First()), "/graphql");
        }
    }

    /// <summary>What the API logged, once <see cref="CaptureLogs"/> was called before it started.</summary>
    public FakeLoggerProvider? Logs { get; private set; }

    /// <summary>Keeps what the API logs, in <see cref="Logs"/>.</summary>
    public ApiFactory CaptureLogs()
    {
        Logs = new FakeLoggerProvider();
        return this;
    }

    /// <summary>Sets a configuration value before the API starts.</summary>
    public ApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A token as the <c>token</c> command would print it, valid for a year around now; in every group unless <paramref name="groups"/> says which.</summary>
    public static string Token(string name, IEnumerable<string> roles, IEnumerable<string> organisations, IEnumerable<string>? groups = null) => DevelopmentTokens.Issue(
        new AccessOptions { DevelopmentSigningKey = TestSigningKey }, name, roles, organisations, DateTimeOffset.UtcNow.AddDays(-1), TimeSpan.FromDays(365),
        groups ?? [Actor.EveryGroup]);

    /// <summary>A client signed in with one role, reporting for the organisations given (ODS codes).</summary>
    public HttpClient CreateClient(string role, params string[] organisations) =>
        CreateClientAs($"Test {role.ToLowerInvariant()}", role, organisations);

    /// <summary>The same, under a name of the test's choosing (what submittedBy records).</summary>
    public HttpClient CreateClientAs(string name, string role, params string[] organisations) =>
        WithToken(CreateClient(), Token(name, [role], organisations));

    /// <summary>A client that sends no token.</summary>
    public HttpClient CreateAnonymousClient() => WithToken(CreateClient(), null);

    public static HttpClient WithToken(HttpClient client, string? token)
    {
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        WithToken(client, Token(DirectorName, [Roles.Director], []));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IInterceptor>(Sql);
            if (Logs is { } logs)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_directory is null)
        {
            GC.SuppressFinalize(this);
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean; the test result stands.
        }

        GC.SuppressFinalize(this);
    }
}
