using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// The API through its front door, on a real SQLite file. Given no path it makes its own in a temporary
/// folder and deletes the folder on dispose. The seeds are the copy beside the test binary, without the
/// demo incident; <c>settings</c> override any configuration key as UseSetting does.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string? ownedDirectory;
    private readonly IReadOnlyDictionary<string, string?> settings;

    public ApiFactory(string? databasePath = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (databasePath is null)
        {
            ownedDirectory = Directory.CreateTempSubdirectory("resiliencehub-tests-").FullName;
            databasePath = Path.Combine(ownedDirectory, "resiliencehub.db");
        }

        DatabasePath = databasePath;
        this.settings = settings ?? new Dictionary<string, string?>();
    }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:ResilienceHub", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:Demo", "false");
        builder.UseSetting("Seed:Path", Path.Combine(AppContext.BaseDirectory, "seeds"));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownedDirectory is not null)
        {
            try
            {
                Directory.Delete(ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open stays for the OS to clear from the temporary folder.
            }
        }
    }
}
