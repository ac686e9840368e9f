using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ResilienceHub.Api.Data.Seeding;

namespace ResilienceHub.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "ResilienceHub";
    private const string DefaultSqliteConnection = "Data Source=resiliencehub.db";

    /// <summary>
    /// The one provider switch: <c>Database:Provider</c> is Sqlite (the default) or SqlServer.
    /// EF Core interceptors registered as <see cref="IInterceptor"/> services apply to every context.
    /// </summary>
    public static IHostApplicationBuilder AddResilienceDatabase(this IHostApplicationBuilder builder)
    {
        var provider = ReadProvider(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var services = builder.Services;

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // SqlClient has its own OpenTelemetry instrumentation; SQLite gets spans from our interceptor.
                services.AddPooledDbContextFactory<SqliteResilienceDbContext>((sp, options) =>
                    ConfigureSqlite(options, connectionString ?? DefaultSqliteConnection)
                        .AddInterceptors([SqliteCommandTracing.Instance, .. sp.GetServices<IInterceptor>()]));
                services.AddSingleton<IDbContextFactory<ResilienceDbContext>, BaseContextFactory<SqliteResilienceDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer but ConnectionStrings:{ConnectionStringName} is not set.");
                }

                services.AddPooledDbContextFactory<SqlServerResilienceDbContext>((sp, options) =>
                    ConfigureSqlServer(options, connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddSingleton<IDbContextFactory<ResilienceDbContext>, BaseContextFactory<SqlServerResilienceDbContext>>();
                break;
        }

        services.AddSingleton(new DatabaseInfo(provider));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ResilienceDbContext>>().CreateDbContext());
        services.AddScoped<DatabaseMigrator>();
        services.AddOptions<SeedOptions>().Bind(builder.Configuration.GetSection(SeedOptions.Section));
        services.AddScoped<DatabaseSeeder>();
        services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        Common(options.UseSqlite(connectionString)).AddInterceptors(SqliteConnectionSettings.Instance);

    internal static DbContextOptionsBuilder ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        Common(options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));

    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options) => options
        .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
        // A write refused by a unique key is a lost race the feature answers, not an error to log;
        // anything unexpected is still logged where it surfaces, with its correlation id.
        .ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));

    internal static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite or SqlServer.");
    }

    /// <summary>Hands out the provider's derived context as the shared base type.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ResilienceDbContext>
        where TContext : ResilienceDbContext
    {
        public ResilienceDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider);
