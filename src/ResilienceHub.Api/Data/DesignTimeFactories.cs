using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ResilienceHub.Api.Data;

// Used by `dotnet ef migrations add` so that design-time work never starts the host or seeds.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteResilienceDbContext>
{
    public SqliteResilienceDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteResilienceDbContext>)DatabaseExtensions
            .ConfigureSqlite(new DbContextOptionsBuilder<SqliteResilienceDbContext>(), "Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerResilienceDbContext>
{
    public SqlServerResilienceDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqlServerResilienceDbContext>)DatabaseExtensions
            .ConfigureSqlServer(new DbContextOptionsBuilder<SqlServerResilienceDbContext>(), "Server=design-time;Database=ResilienceHub").Options);
}
