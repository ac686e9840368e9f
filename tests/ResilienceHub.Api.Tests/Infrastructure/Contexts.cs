using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>Contexts configured exactly as the API configures them, for tests below the HTTP surface.</summary>
public static class Contexts
{
    public static SqliteResilienceDbContext Sqlite(string path) =>
        new((DbContextOptions<SqliteResilienceDbContext>)DatabaseExtensions
            .ConfigureSqlite(new DbContextOptionsBuilder<SqliteResilienceDbContext>(), $"Data Source={path}").Options);

    /// <summary>A SQL Server context that never connects: enough to translate queries and compare the model.</summary>
    public static SqlServerResilienceDbContext SqlServer(string connectionString = "Server=unused;Database=ResilienceHub;Encrypt=false") =>
        new((DbContextOptions<SqlServerResilienceDbContext>)DatabaseExtensions
            .ConfigureSqlServer(new DbContextOptionsBuilder<SqlServerResilienceDbContext>(), connectionString).Options);
}
