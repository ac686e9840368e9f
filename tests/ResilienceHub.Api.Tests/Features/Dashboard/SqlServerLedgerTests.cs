using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Dashboard;

/// <summary>The rowversion the ledger reads SQL Server's log by: in SQL Server's model only, and no concurrency token.</summary>
public sealed class LedgerRowVersionModelTests
{
    [Fact]
    public void SqlServersVersionsHaveAStoreGeneratedRowversionThatNoSaveCompares()
    {
        using var db = Contexts.SqlServer();
        var versions = db.Model.FindEntityType(typeof(SitrepVersion))!;
        var rowVersion = versions.FindProperty("RowVersion");

        Assert.NotNull(rowVersion);
        Assert.True(rowVersion.IsShadowProperty());
        Assert.Equal("rowversion", rowVersion.GetColumnType());
        Assert.Equal(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAddOrUpdate, rowVersion.ValueGenerated);
        Assert.False(rowVersion.IsConcurrencyToken);
        Assert.Contains(versions.GetIndexes(), index => index.Properties.SequenceEqual([rowVersion]));
    }

    [Fact]
    public void SqlitesVersionsHaveNoRowversion()
    {
        using var db = Contexts.Sqlite(":memory:");

        Assert.Null(db.Model.FindEntityType(typeof(SitrepVersion))!.FindProperty("RowVersion"));
    }
}

/// <summary>
/// Writers committing out of order on a real SQL Server 2022, read through the API's own ledgers (skipped, with the
/// reason, where no Docker engine answers). The database reads committed rows by row versioning (RCSI, as Azure SQL
/// does by default), so that the test's reads do not wait for the transaction it holds open.
/// </summary>
public sealed class SqlServerLedgerTests(SqlServerContainer server)
{
    private static readonly DateTimeOffset AfterTheStrike = new(2016, 5, 12, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AVersionCommittedAfterSeventyLaterOnesIsFoldedInOnceItCommitsAndNoneIsFoldedTwice()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = server.NewDatabase("ledger_" + Guid.NewGuid().ToString("N")[..12]);
        await CreateDatabaseAsync(connectionString, cancellationToken);
        await using var api = new ApiFactory(now: AfterTheStrike)
            .With("Database:Provider", "SqlServer")
            .With("ConnectionStrings:ResilienceHub", connectionString);
        using var client = api.CreateClient();
        var (incident, participants) = await DeclareAsync(connectionString, cancellationToken);
        var slots = participants.SelectMany(organisation => incident.Schedule.Periods.Select(period => (Organisation: organisation, Period: period))).ToList();
        var ledgers = api.Services.GetRequiredService<IncidentLedgers>();
        var catalogue = await api.Services.GetRequiredService<ReferenceDataCache>().GetAsync(cancellationToken);

        // T1 writes a return, taking its id and rowversion, and stays open.
        await using var t1 = WithoutRetries(connectionString);
        await using var t1Transaction = await t1.Database.BeginTransactionAsync(cancellationToken);
        var late = Return(incident.Id, slots[0]);
        t1.Sitreps.Add(late);
        await t1.SaveChangesAsync(cancellationToken);

        // Seventy later returns commit meanwhile, each in a transaction of its own.
        var later = await CommitAsync(connectionString, slots.Skip(1).Take(70).Select(slot => Return(incident.Id, slot)), cancellationToken);
        Assert.True(later.Min(r => r.Versions[0].Id) > late.Versions[0].Id, "identities are handed out at insert");
        Assert.True(later.Max(r => r.Versions[0].Id) - late.Versions[0].Id > 64, "T1 commits more identities late than the old overlap read again");

        // Everything after T1's rowversion waits behind it: nothing of the incident is folded in yet, and nothing skipped.
        var whileOpen = await ledgers.GetAsync(incident, catalogue, cancellationToken);
        Assert.Equal(0, whileOpen.VersionCount);

        await t1Transaction.CommitAsync(cancellationToken);
        var afterT1 = await ledgers.GetAsync(incident, catalogue, cancellationToken);
        Assert.Equal(71, afterT1.VersionCount);
        Assert.NotNull(afterT1.Of(slots[0].Organisation).ForPeriod(PeriodIndex.First));
        Assert.Same(afterT1, await ledgers.GetAsync(incident, catalogue, cancellationToken));

        // Again on the log's tail (a few rows since, fewer than the ledger's returns): T3 open, T4 after it committed.
        await using var t3 = WithoutRetries(connectionString);
        await using var t3Transaction = await t3.Database.BeginTransactionAsync(cancellationToken);
        t3.Sitreps.Add(Return(incident.Id, slots[71]));
        await t3.SaveChangesAsync(cancellationToken);
        await CommitAsync(connectionString, [Return(incident.Id, slots[72])], cancellationToken);
        Assert.Equal(71, (await ledgers.GetAsync(incident, catalogue, cancellationToken)).VersionCount);
        await t3Transaction.CommitAsync(cancellationToken);
        var afterT3 = await ledgers.GetAsync(incident, catalogue, cancellationToken);
        Assert.Equal(73, afterT3.VersionCount);
        Assert.NotNull(afterT3.Of(slots[71].Organisation).ForPeriod(PeriodIndex.Of(incident.Schedule, slots[71].Period.StartsAt)));

        // And the director's dashboard says so: every return sent, once, on time.
        var dashboard = (await client.QueryAsync(DashboardTests.FullDashboard, new { id = incident.Id.ToString(CultureInfo.InvariantCulture) }))["incident"]!["dashboard"]!;
        Assert.Equal((73, 0), ((int)dashboard["compliance"]!["onTime"]!, (int)dashboard["compliance"]!["late"]!));
    }

    /// <summary>The test's database, created before the API migrates it, reading committed rows by row versioning.</summary>
    private static async Task CreateDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        var database = new SqlCommandBuilder().QuoteIdentifier(builder.InitialCatalog);
        builder.InitialCatalog = "master";
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in new[] { $"CREATE DATABASE {database}", $"ALTER DATABASE {database} SET READ_COMMITTED_SNAPSHOT ON" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>An incident of 20 hourly periods (10–11 May 2016) for every member of the group but one.</summary>
    private static async Task<(IncidentView Incident, List<int> Participants)> DeclareAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = Contexts.SqlServer(connectionString);
        var group = await db.ResilienceGroups.Include(g => g.Members).FirstAsync(cancellationToken);
        var participants = group.Members.Select(m => m.OrganisationId).Order().Skip(1).ToList();
        var incident = new Incident
        {
            Reference = "TEST-OUT-OF-ORDER", Title = "Writers out of order", Kind = "INDUSTRIAL_ACTION", GroupId = group.Id, TimeZone = "Europe/London",
            CadenceMinutes = 60, GraceMinutes = 15, DeclaredAt = new DateTime(2016, 5, 1, 9, 0, 0, DateTimeKind.Utc), DeclaredBy = "test",
            Windows = [
                new() { Date = new DateOnly(2016, 5, 10), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(17, 0) },
                new() { Date = new DateOnly(2016, 5, 11), FirstReportAt = new TimeOnly(8, 0), LastReportAt = new TimeOnly(17, 0) },
            ],
            Participants = [.. participants.Select(id => new IncidentParticipant { OrganisationId = id })],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        return ((await IncidentQueries.ByIdsAsync(db, [incident.Id], cancellationToken))[incident.Id], participants);
    }

    /// <summary>A first version, sent on time, with no measures.</summary>
    private static Sitrep Return(int incidentId, (int Organisation, ReportingPeriod Period) slot)
    {
        var sent = slot.Period.StartsAt.AddMinutes(5);
        return new Sitrep
        {
            IncidentId = incidentId, OrganisationId = slot.Organisation, PeriodStartsAt = slot.Period.StartsAt,
            FirstSubmittedAt = sent, Late = false, CurrentVersion = 1,
            Versions = [new SitrepVersion { OrganisationId = slot.Organisation, Version = 1, SubmittedAt = sent, SubmittedBy = "Test reporter", OpelLevel = 2 }],
        };
    }

    private static async Task<List<Sitrep>> CommitAsync(string connectionString, IEnumerable<Sitrep> returns, CancellationToken cancellationToken)
    {
        var committed = new List<Sitrep>();
        await using var db = WithoutRetries(connectionString);
        foreach (var sitrep in returns)
        {
            db.Sitreps.Add(sitrep);
            await db.SaveChangesAsync(cancellationToken);
            committed.Add(sitrep);
        }

        return committed;
    }

    /// <summary>The API's model without its retrying execution strategy, which refuses transactions begun by hand.</summary>
    private static SqlServerResilienceDbContext WithoutRetries(string connectionString) =>
        new(new DbContextOptionsBuilder<SqlServerResilienceDbContext>().UseSqlServer(connectionString).Options);
}
