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

    [Fact]
    public async Task ADatabaseFromBeforeRevisionsUpgradesGivingEachMeasureRevisionOneByTheSeedsAndEachOrganisationToTheSeeds()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "older.db");
        await using var db = Contexts.Sqlite(path);
        var migrator = db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_ReferenceDataRevisions", StringComparison.Ordinal)) - 1], cancellation);
        // Reference data as the seeder wrote it before revisions were kept.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO Organisations (Id, OdsCode, Name, Type, IsLocalIdentifier) VALUES (7, 'RNL', 'North Cumbria', 'AcuteTrust', 0);
            INSERT INTO ResilienceGroups (Id, Code, Name) VALUES (1, 'G', 'Group');
            INSERT INTO GroupMemberships (GroupId, OrganisationId) VALUES (1, 7);
            INSERT INTO Measures (Id, Code, Name, Unit, Kind, MustNotExceed, WarningAbove, CriticalAbove, SortOrder, MaxValue) VALUES
                (1, 'PLANNED', 'Planned', 'operations', 'Snapshot', NULL, NULL, NULL, 0, 5000),
                (2, 'POSTPONED', 'Postponed', 'operations', 'CumulativeDaily', 'PLANNED', 10, 25, 1, 100000);
            INSERT INTO MeasureApplicabilities (MeasureId, OrganisationType, Required) VALUES
                (1, 'AcuteTrust', 1), (2, 'AcuteTrust', 1), (2, 'CommunityTrust', 0);
            """, cancellation);

        await db.Database.MigrateAsync(cancellation);

        var organisation = await db.Organisations.SingleAsync(cancellation);
        Assert.Equal((true, "Seed data", true), (organisation.Active, organisation.ChangedBy, organisation.ChangedBySeeds));
        var group = await db.ResilienceGroups.SingleAsync(cancellation);
        Assert.Equal(("Seed data", true), (group.ChangedBy, group.ChangedBySeeds));
        var revisions = await db.MeasureRevisions.Include(r => r.AppliesTo).OrderBy(r => r.MeasureId).ToListAsync(cancellation);
        Assert.Equal([(1, 1), (2, 1)], revisions.Select(r => (r.MeasureId, r.Revision)));
        Assert.All(revisions, r => Assert.Equal(("Seed data", true, (string?)null, false), (r.ChangedBy, r.ChangedBySeeds, r.ChangedBySubject, r.Retired)));
        var postponed = revisions[1];
        Assert.Equal(("Postponed", "operations", Api.Features.Measures.MeasureKind.CumulativeDaily, "PLANNED", 10, 25, 100_000),
            (postponed.Name, postponed.Unit, postponed.Kind, postponed.MustNotExceed, postponed.WarningAbove, postponed.CriticalAbove, postponed.MaxValue));
        Assert.Equal([(Api.Features.Organisations.OrganisationType.AcuteTrust, true), (Api.Features.Organisations.OrganisationType.CommunityTrust, false)],
            postponed.AppliesTo.OrderBy(a => a.OrganisationType).Select(a => (a.OrganisationType, a.Required)));
        Assert.Equal(5000, revisions[0].MaxValue);
        // Dated by the upgrade, in a form both the reader and the snapshot's comparisons take.
        Assert.InRange(revisions[0].ChangedAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(DateTimeKind.Utc, revisions[0].ChangedAt.Kind);
    }
}
