using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Benchmarks.Data;

/// <summary>
/// Loads a national-scale incident into a database the API has already migrated and seeded: synthetic organisations
/// (BENCH-0001…, in the synthetic group BENCH) of every type, an hourly round-the-clock schedule of the given number
/// of days, and a return from nearly every organisation for every period with every applicable measure.
/// Deterministic: the same seed, sizes and catalogue give the same rows. Its connections are not pooled: the harness
/// deletes and regenerates the file, and a pooled connection would keep the deleted one open. <paramref name="openDays"/> more days follow
/// the history with no returns yet: the incident is still running, and the read/write mix submits into them.
/// </summary>
internal sealed class NationalIncidentGenerator(string databasePath, int organisations, int days, int openDays, int seed)
{
    public const string GroupCode = "BENCH";
    public const string Reference = "BENCH-NATIONAL";

    /// <summary>The first day of the 2016 national action; no clock change falls in the following weeks.</summary>
    public static readonly DateOnly FirstDate = new(2016, 4, 18);

    // Interleaved so that any 8 consecutive organisations cover every type; 20 slots give roughly the national mix.
    private static readonly OrganisationType[] TypeCycle =
    [
        OrganisationType.AcuteTrust, OrganisationType.CommunityTrust, OrganisationType.MentalHealthTrust, OrganisationType.AmbulanceTrust,
        OrganisationType.Nhs111, OrganisationType.GpOutOfHours, OrganisationType.SocialCare, OrganisationType.Commissioner,
        OrganisationType.AcuteTrust, OrganisationType.AcuteTrust, OrganisationType.AcuteTrust, OrganisationType.CommunityTrust,
        OrganisationType.MentalHealthTrust, OrganisationType.GpOutOfHours, OrganisationType.SocialCare, OrganisationType.Commissioner,
        OrganisationType.AcuteTrust, OrganisationType.AcuteTrust, OrganisationType.AcuteTrust, OrganisationType.AcuteTrust,
    ];

    private const double MissingShare = 0.005;
    private const double LateShare = 0.05;
    private const double AmendedShare = 0.05;

    private readonly Random _random = new(seed);

    public async Task<NationalIncident> GenerateAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new SqliteResilienceDbContext(new DbContextOptionsBuilder<SqliteResilienceDbContext>()
            .UseSqlite($"Data Source={databasePath};Pooling=False").Options);
        var catalogue = new SyntheticCatalogue([.. (await ReferenceDataQueries.Measures(db).ToListAsync(cancellationToken)).Select(m => m.ToView())]);
        if (catalogue.Ordered.Count == 0)
        {
            throw new InvalidOperationException($"{databasePath} has no measure catalogue; run the API's seed command on it first.");
        }

        var members = Enumerable.Range(1, organisations).Select(NewOrganisation).ToList();
        var group = new ResilienceGroup
        {
            Code = GroupCode,
            Name = "Synthetic national benchmark group (not real organisations)",
            Members = [.. members.Select(o => new GroupMembership { Organisation = o })],
        };
        var windows = Enumerable.Range(0, days + openDays)
            .Select(d => new IncidentWindow { Date = FirstDate.AddDays(d), FirstReportAt = new TimeOnly(0, 0), LastReportAt = new TimeOnly(23, 0) })
            .ToList();
        var incident = new Incident
        {
            Reference = Reference,
            Title = $"Synthetic national incident for benchmarks: {organisations} organisations, {days} day(s) hourly, {openDays} more to come",
            Kind = "INDUSTRIAL_ACTION",
            Group = group,
            TimeZone = "Europe/London",
            CadenceMinutes = 60,
            GraceMinutes = 15,
            Windows = windows,
            Participants = [.. members.Select(o => new IncidentParticipant { Organisation = o })],
            DeclaredAt = FirstDate.AddDays(-3).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            DeclaredBy = "benchmark generator",
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);

        var schedule = new ReportingSchedule(incident.TimeZone, incident.CadenceMinutes, incident.GraceMinutes,
            windows.Select(w => new ReportingWindow(w.Date, w.FirstReportAt, w.LastReportAt)));
        var organisationRows = members.Select(o => new NationalOrganisation(o.Id, o.OdsCode, o.Type)).ToList();
        var history = days * 24;
        var counts = await InsertReturnsAsync(incident.Id, organisationRows, schedule, history, catalogue, cancellationToken);
        return new NationalIncident(incident.Id, group.Id, organisationRows, schedule, history, catalogue, counts, clock.Elapsed);
    }

    private static Organisation NewOrganisation(int number)
    {
        var type = TypeCycle[(number - 1) % TypeCycle.Length];
        return new Organisation
        {
            OdsCode = $"BENCH-{number:D4}",
            Name = $"Synthetic {OrganisationTypeNames.Display(type)} {number:D4}",
            Type = type,
            IsLocalIdentifier = true,
        };
    }

    /// <summary>Every return in one transaction through prepared commands: about a million rows in seconds.</summary>
    private async Task<GeneratedCounts> InsertReturnsAsync(
        int incidentId, List<NationalOrganisation> members, ReportingSchedule schedule, int history, SyntheticCatalogue catalogue, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // A throw-away load: if it fails, the file is generated again.
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        var nextSitrepId = await MaxIdAsync(connection, "Sitreps", cancellationToken) + 1;
        var nextVersionId = await MaxIdAsync(connection, "SitrepVersions", cancellationToken) + 1;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using var sitreps = Prepare(connection, transaction, """
            INSERT INTO "Sitreps" ("Id", "IncidentId", "OrganisationId", "PeriodStartsAt", "FirstSubmittedAt", "Late", "CurrentVersion")
            VALUES ($id, $incident, $organisation, $period, $first, $late, $current)
            """, "$id", "$incident", "$organisation", "$period", "$first", "$late", "$current");
        using var versions = Prepare(connection, transaction, """
            INSERT INTO "SitrepVersions" ("Id", "SitrepId", "OrganisationId", "Version", "SubmittedAt", "SubmittedBy", "OpelLevel", "CriticalIncidentDeclared",
                                          "KeyIssues", "SupportRequested", "AmendmentReason")
            VALUES ($id, $sitrep, $organisation, $version, $at, $by, $opel, $critical, $issues, $support, $reason)
            """, "$id", "$sitrep", "$organisation", "$version", "$at", "$by", "$opel", "$critical", "$issues", "$support", "$reason");
        using var values = Prepare(connection, transaction, """
            INSERT INTO "SitrepValues" ("SitrepVersionId", "MeasureId", "Value") VALUES ($version, $measure, $value)
            """, "$version", "$measure", "$value");

        var counts = new GeneratedCounts();
        var levels = new DailyLevels(_random, members, catalogue);
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < history; index++)
        {
            var period = schedule.Periods[index];
            var hour = index % 24;
            levels.StartDay(period.LocalDate);
            foreach (var organisation in members)
            {
                if (_random.NextDouble() < MissingShare)
                {
                    counts.Missing++;
                    continue;
                }

                var late = _random.NextDouble() < LateShare;
                var amended = _random.NextDouble() < AmendedShare;
                var firstAt = late
                    ? period.DueAt.AddMinutes(_random.Next(1, 90))
                    : period.OpensAt.AddSeconds(_random.Next(0, (int)(period.DueAt - period.OpensAt).TotalSeconds + 1));
                var opel = Opel();
                var sitrepId = nextSitrepId++;
                Execute(sitreps, sitrepId, incidentId, organisation.Id, period.StartsAt, firstAt, late, amended ? 2 : 1);

                levels.ValuesAt(organisation, hour, current);
                var critical = opel == 4 && _random.NextDouble() < 0.3;
                var issues = _random.NextDouble() < 0.3 ? "Synthetic return: staffing gaps covered by consultants; flow maintained." : null;
                var support = opel >= 3 && _random.NextDouble() < 0.1 ? "Synthetic mutual-aid ask: two paramedic crews for the evening." : null;
                var by = $"Synthetic feed {organisation.OdsCode}";
                WriteVersion(versions, values, nextVersionId++, sitrepId, 1, firstAt, by, opel, critical, issues, support, null, organisation, catalogue, current, counts);
                if (amended)
                {
                    var correctedOpel = Math.Clamp(opel + (_random.Next(2) == 0 ? -1 : 1), 1, 4);
                    WriteVersion(versions, values, nextVersionId++, sitrepId, 2, firstAt.AddMinutes(_random.Next(10, 120)), by, correctedOpel,
                        critical, issues, support, "OPEL level corrected after the site meeting (synthetic).", organisation, catalogue, current, counts);
                    counts.Amended++;
                }

                counts.Returns++;
                counts.Late += late ? 1 : 0;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private static void WriteVersion(
        SqliteCommand versions, SqliteCommand values, long versionId, long sitrepId, int version, DateTime at, string by, int opel, bool critical,
        string? issues, string? support, string? reason, NationalOrganisation organisation, SyntheticCatalogue catalogue,
        Dictionary<string, int> current, GeneratedCounts counts)
    {
        Execute(versions, versionId, sitrepId, organisation.Id, version, at, by, opel, critical, issues, support, reason);
        foreach (var measure in catalogue.For(organisation.Type))
        {
            Execute(values, versionId, measure.Id, current[measure.Code]);
            counts.Values++;
        }

        counts.Versions++;
    }

    private int Opel() => _random.NextDouble() switch
    {
        < 0.20 => 1,
        < 0.65 => 2,
        < 0.93 => 3,
        _ => 4,
    };

    private static async Task<long> MaxIdAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Execute(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>
/// Plausible figures: each organisation has a size; each day draws a level per measure; SNAPSHOT values wander
/// about it hour by hour, CUMULATIVE_DAILY values climb through the local day, and a bounded measure is a share of its bound.
/// </summary>
internal sealed class DailyLevels(Random random, List<NationalOrganisation> members, SyntheticCatalogue catalogue)
{
    private readonly Dictionary<int, double> _size = members.ToDictionary(o => o.Id, _ => 0.5 + random.NextDouble() * 1.5);
    private readonly Dictionary<(int Organisation, string Measure), (double Level, double Share)> _today = [];
    private DateOnly? _day;

    public void StartDay(DateOnly day)
    {
        if (_day == day)
        {
            return;
        }

        _day = day;
        foreach (var organisation in members)
        {
            foreach (var measure in catalogue.For(organisation.Type))
            {
                _today[(organisation.Id, measure.Code)] = (10 + random.NextDouble() * 190 * _size[organisation.Id], 0.05 + random.NextDouble() * 0.55);
            }
        }
    }

    public void ValuesAt(NationalOrganisation organisation, int hour, Dictionary<string, int> values)
    {
        values.Clear();
        var dayShare = (hour + 1) / 24.0;
        foreach (var measure in catalogue.For(organisation.Type))
        {
            var (level, share) = _today[(organisation.Id, measure.Code)];
            var cumulative = measure.Kind == MeasureKind.CumulativeDaily;
            values[measure.Code] = measure.MustNotExceed is { } bound && values.TryGetValue(bound, out var limit)
                ? (int)(limit * share)
                : (int)(cumulative ? level * dayShare : level * (0.9 + random.NextDouble() * 0.2));
        }
    }
}

internal sealed record NationalOrganisation(int Id, string OdsCode, OrganisationType Type);

internal sealed class GeneratedCounts
{
    public long Returns { get; set; }
    public long Versions { get; set; }
    public long Values { get; set; }
    public long Amended { get; set; }
    public long Late { get; set; }
    public long Missing { get; set; }
}

/// <summary>What the generator loaded, for the scenarios that use it.</summary>
/// <param name="HistoryPeriods">How many of the schedule's periods have returns; the ones after them are open.</param>
internal sealed record NationalIncident(
    int IncidentId, int GroupId, IReadOnlyList<NationalOrganisation> Organisations, ReportingSchedule Schedule, int HistoryPeriods,
    SyntheticCatalogue Catalogue, GeneratedCounts Counts, TimeSpan Elapsed)
{
    /// <summary>The periods with returns, earliest first.</summary>
    public IEnumerable<ReportingPeriod> History => Schedule.Periods.Take(HistoryPeriods);

    /// <summary>The periods after the history, with no returns yet.</summary>
    public IEnumerable<ReportingPeriod> Open => Schedule.Periods.Skip(HistoryPeriods);

    /// <summary>
    /// The dashboard's instant: the last report time of the history, when its returns fell due. A director looks then;
    /// that hour's late returns and the last amendments have not arrived yet, so for those organisations the ledger
    /// takes its replay path (versions looked at one by one) rather than its running sums.
    /// </summary>
    public DateTime DashboardAsOf => Schedule.Periods[HistoryPeriods - 1].DueAt;
}
