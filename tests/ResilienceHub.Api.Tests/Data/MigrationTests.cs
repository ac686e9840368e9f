using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task ADatabaseWithReturnsUpgradesKeepingEachVersionsOrganisationAndGivingMeasuresTheirCeiling()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "older.db");
        await using var db = Contexts.Sqlite(path);
        var migrator = db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_ScopedKeysActorSubjectMeasureCeiling", StringComparison.Ordinal)) - 1], cancellation);
        // A return and its version as the schema before the upgrade holds them.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO Organisations (Id, OdsCode, Name, Type, IsLocalIdentifier) VALUES (7, 'RNL', 'North Cumbria', 'AcuteTrust', 0);
            INSERT INTO ResilienceGroups (Id, Code, Name) VALUES (1, 'G', 'Group');
            INSERT INTO Measures (Id, Code, Name, Unit, Kind, SortOrder) VALUES (1, 'M', 'Measure', 'things', 'Snapshot', 0);
            INSERT INTO Incidents (Id, Reference, Title, Kind, GroupId, TimeZone, CadenceMinutes, GraceMinutes, DeclaredAt, DeclaredBy)
                VALUES (1, 'REF', 'Title', 'OTHER', 1, 'Europe/London', 60, 15, '2016-04-20 00:00:00', 'test');
            INSERT INTO Sitreps (Id, IncidentId, OrganisationId, PeriodStartsAt, FirstSubmittedAt, Late, CurrentVersion)
                VALUES (1, 1, 7, '2016-04-26 07:00:00', '2016-04-26 07:05:00', 0, 1);
            INSERT INTO SitrepVersions (Id, SitrepId, Version, SubmittedAt, SubmittedBy, OpelLevel, CriticalIncidentDeclared, IdempotencyKey)
                VALUES (1, 1, 1, '2016-04-26 07:05:00', 'reporter', 2, 0, 'key-1');
            """, cancellation);

        await db.Database.MigrateAsync(cancellation);

        Assert.Equal(7, await db.SitrepVersions.Select(v => v.OrganisationId).SingleAsync(cancellation));
        Assert.Equal(Api.Features.Measures.Measure.DefaultMaxValue, await db.Measures.Select(m => m.MaxValue).SingleAsync(cancellation));
    }
}
