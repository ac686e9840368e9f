using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Data;

public class MigrationTests
{
    [Fact]
    public void TheSqliteMigrationsMatchTheModel()
    {
        using var db = Contexts.Sqlite(":memory:");
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed since the last SQLite migration: add one with `dotnet ef migrations add <Name> --project src/ResilienceHub.Api --context SqliteResilienceDbContext --output-dir Data/Migrations/Sqlite`.");
    }

    [Fact]
    public void TheSqlServerMigrationsMatchTheModel()
    {
        using var db = Contexts.SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed since the last SQL Server migration: add one with `dotnet ef migrations add <Name> --project src/ResilienceHub.Api --context SqlServerResilienceDbContext --output-dir Data/Migrations/SqlServer`.");
    }

    [Fact]
    public void BothProvidersHaveTheSameMigrations()
    {
        using var sqlite = Contexts.Sqlite(":memory:");
        using var sqlServer = Contexts.SqlServer();
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[15..]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public async Task TheSqliteMigrationsApplyToAnEmptyDatabase()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "empty.db");
        await using var db = Contexts.Sqlite(path);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Sitreps.CountAsync(TestContext.Current.CancellationToken));
    }
}
