using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Data.Configurations;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Keeps each incident's ledger current by reading the tail of the append-only log of versions (and, for an incident
/// that requires sign-off, of sign-offs, by a watermark of their own):
/// a request costs one query for whatever arrived since the last one, not a scan of the history.
/// A ledger not read for <see cref="DashboardOptions.LedgerIdleTimeout"/> is dropped; its next read loads it again.
/// </summary>
/// <remarks>
/// Each read folds in a <see cref="TailWindow"/>, the versions whose commit key is at or above the ledger's watermark
/// and below a bound, and moves the watermark to the bound; below the bound every version must have committed, and
/// none may commit later. SQLite: the key is the id, the bound one past the highest id (one writer at a time, so ids
/// commit in order). SQL Server hands out ids, and rowversions, when a row is written, not when it commits, so they
/// may commit in any order; the key is the rowversion and the bound MIN_ACTIVE_ROWVERSION(), read before the window
/// and used, that same value, in its queries and as the next watermark. It is the lowest rowversion an uncommitted
/// transaction holds, or @@DBTS + 1 when none does, and the counter only rises: every row below it has committed (or
/// rolled back), and a row written later gets a higher value, so nothing can commit below it afterwards. A query under
/// READ COMMITTED, with or without RCSI, sees every committed row below it. So each committed version is folded in
/// exactly once however late it commits; an open transaction holds the watermark back until it ends, delaying (never
/// losing) what committed after it.
/// </remarks>
public sealed partial class IncidentLedgers : IDisposable
{
    private readonly ConcurrentDictionary<int, Entry> _entries = new();
    private readonly IDbContextFactory<ResilienceDbContext> _contexts;
    private readonly bool _byRowVersion;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger<IncidentLedgers> _logger;
    private readonly ITimer _eviction;

    public IncidentLedgers(
        IDbContextFactory<ResilienceDbContext> contexts, DatabaseInfo database, TimeProvider time, IOptions<DashboardOptions> options, ILogger<IncidentLedgers> logger)
    {
        _contexts = contexts;
        _byRowVersion = database.Provider == DatabaseProvider.SqlServer;
        _time = time;
        _idleTimeout = options.Value.LedgerIdleTimeout;
        _logger = logger;
        // A ledger goes between the timeout and one sweep after it: at most a minute late, never one read too early.
        var every = TimeSpan.FromTicks(Math.Clamp(_idleTimeout.Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        _eviction = time.CreateTimer(static ledgers => ((IncidentLedgers)ledgers!).EvictIdle(), this, every, every);
    }

    public async Task<IncidentLedger> GetAsync(IncidentView incident, ReferenceDataSnapshot catalogue, CancellationToken cancellationToken)
    {
        var entry = Enter(incident, catalogue);
        try
        {
            return await ReadAsync(entry, incident, cancellationToken);
        }
        finally
        {
            entry.Leave(_time.GetTimestamp());
        }
    }

    public void Dispose() => _eviction.Dispose();

    private async Task<IncidentLedger> ReadAsync(Entry entry, IncidentView incident, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        // Sign-offs only where the incident takes them. On SQLite their bound is read before the versions': every
        // sign-off below it has committed, and so had its version, which is then below the versions' bound too.
        var signOffBound = incident.RequiresSignOff && !_byRowVersion
            ? (ulong)(await db.SitrepSignOffs.MaxAsync(s => (int?)s.Id, cancellationToken) ?? 0) + 1
            : (ulong?)null;
        var bound = _byRowVersion
            ? BinaryPrimitives.ReadUInt64BigEndian(await RowVersionBound(db).SingleAsync(cancellationToken))
            : (ulong)(await db.SitrepVersions.MaxAsync(v => (int?)v.Id, cancellationToken) ?? 0) + 1;
        if (incident.RequiresSignOff && _byRowVersion)
        {
            // One counter for every table: the same bound holds for sign-offs.
            signOffBound = bound;
        }

        // Nothing committed anywhere since the last read: one lookup (on SQLite of the versions' highest key, on SQL
        // Server of no table at all), and readers do not wait for each other.
        var state = entry.State;
        if (bound <= state.Watermark && (signOffBound is not { } signOffs || signOffs <= state.SignOffWatermark))
        {
            return state.Ledger;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another reader may have folded the window in while this one waited.
            state = entry.State;
            var incidentId = incident.Id;
            var window = TailWindow.After(state.Watermark, bound);
            var signOffWindow = TailWindow.After(state.SignOffWatermark, signOffBound ?? state.SignOffWatermark);
            if (window.IsEmpty && signOffWindow.IsEmpty)
            {
                return state.Ledger;
            }

            List<SitrepView> read = [];
            if (!window.IsEmpty)
            {
                // Walk the versions written since (of every incident) when they are fewer than this incident's returns; every
                // one below the bound has committed, so the rows of other incidents among them need not be walked again.
                var walkTail = state.Watermark > TailWindow.Start && window.Width < (ulong)state.Ledger.VersionCount;
                var versions = (_byRowVersion, walkTail) switch
                {
                    (false, true) => Tail(db, incidentId, window),
                    (false, false) => IncidentVersions(db, incidentId, window),
                    (true, true) => TailByRowVersion(db, incidentId, window),
                    (true, false) => IncidentVersionsByRowVersion(db, incidentId, window),
                };
                read = await SitrepQueries.ReadInBulkAsync(db, versions, cancellationToken);
            }

            var signedOff = signOffWindow.IsEmpty
                ? []
                : await SignOffQueries.Views(_byRowVersion ? SignOffsByRowVersion(db, incidentId, signOffWindow) : SignOffs(db, incidentId, signOffWindow))
                    .ToListAsync(cancellationToken);
            var next = new State(state.Ledger.Apply(read.ConvertAll(entry.Texts.Compact), signedOff.ConvertAll(entry.Texts.Compact)), window.Next, signOffWindow.Next);
            entry.State = next;
            return next.Ledger;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The sign-offs of an incident in a window of ids (SQLite).</summary>
    public static IQueryable<SitrepSignOff> SignOffs(ResilienceDbContext db, int incidentId, TailWindow window)
    {
        var (first, last) = ((int)window.From, (int)(window.Until - 1));
        return db.SitrepSignOffs.Where(s => s.IncidentId == incidentId && s.Id >= first && s.Id <= last);
    }

    /// <summary>The sign-offs of an incident in a window of rowversions (SQL Server).</summary>
    public static IQueryable<SitrepSignOff> SignOffsByRowVersion(ResilienceDbContext db, int incidentId, TailWindow window)
    {
        var (from, until) = (window.From, window.Until);
        return db.SitrepSignOffs.Where(s => s.IncidentId == incidentId
            && EF.Property<ulong>(s, SqlServerSitrepVersionConfiguration.RowVersion) >= from
            && EF.Property<ulong>(s, SqlServerSitrepVersionConfiguration.RowVersion) < until);
    }

    /// <summary>The versions of an incident in a window of ids (SQLite), through the incident's returns.</summary>
    public static IQueryable<SitrepVersion> IncidentVersions(ResilienceDbContext db, int incidentId, TailWindow window) =>
        ById(db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == incidentId), window);

    /// <summary>
    /// The versions of an incident in a window of ids (SQLite), walking the versions' key from the window's start and
    /// checking each one's incident by its return's key. Written as a join on the incident (as above), SQLite takes the
    /// incident's index and visits every return of the incident (about 100,000 at national scale, 65 ms a request) to
    /// find the few new ones.
    /// </summary>
    public static IQueryable<SitrepVersion> Tail(ResilienceDbContext db, int incidentId, TailWindow window) =>
        ById(db.SitrepVersions, window).Where(v => db.Sitreps.Any(s => s.Id == v.SitrepId && s.IncidentId == incidentId));

    /// <summary>The versions of an incident in a window of rowversions (SQL Server), through the incident's returns.</summary>
    public static IQueryable<SitrepVersion> IncidentVersionsByRowVersion(ResilienceDbContext db, int incidentId, TailWindow window) =>
        ByRowVersion(db.SitrepVersions.Where(v => v.Sitrep!.IncidentId == incidentId), window);

    /// <summary>The versions of an incident in a window of rowversions (SQL Server), walking the rowversions' index.</summary>
    public static IQueryable<SitrepVersion> TailByRowVersion(ResilienceDbContext db, int incidentId, TailWindow window) =>
        ByRowVersion(db.SitrepVersions, window).Where(v => db.Sitreps.Any(s => s.Id == v.SitrepId && s.IncidentId == incidentId));

    /// <summary>SQL Server's bound of a window: the lowest rowversion an open transaction holds, or @@DBTS + 1 (8 bytes, big-endian).</summary>
    public static IQueryable<byte[]> RowVersionBound(ResilienceDbContext db) =>
        db.Database.SqlQuery<byte[]>($"SELECT MIN_ACTIVE_ROWVERSION() AS [Value]");

    private static IQueryable<SitrepVersion> ById(IQueryable<SitrepVersion> versions, TailWindow window)
    {
        // Both ends inclusive as ints: a window's end is one past an id.
        var (first, last) = ((int)window.From, (int)(window.Until - 1));
        return versions.Where(v => v.Id >= first && v.Id <= last);
    }

    private static IQueryable<SitrepVersion> ByRowVersion(IQueryable<SitrepVersion> versions, TailWindow window)
    {
        var (from, until) = (window.From, window.Until);
        return versions.Where(v => EF.Property<ulong>(v, SqlServerSitrepVersionConfiguration.RowVersion) >= from
            && EF.Property<ulong>(v, SqlServerSitrepVersionConfiguration.RowVersion) < until);
    }

    /// <summary>The incident's entry with this read counted in; never one already evicted, which no read then touches again.</summary>
    private Entry Enter(IncidentView incident, ReferenceDataSnapshot catalogue)
    {
        while (true)
        {
            var now = _time.GetTimestamp();
            var entry = _entries.GetOrAdd(
                incident.Id, static (_, made) => new Entry(IncidentLedger.For(made.Schedule, made.Catalogue), made.Now), (incident.Schedule, Catalogue: catalogue, Now: now));
            if (entry.TryEnter(now))
            {
                return entry;
            }

            // Evicted since it was looked up: out of the way (if the sweep has not taken it out yet), and a new one.
            _entries.TryRemove(KeyValuePair.Create(incident.Id, entry));
        }
    }

    /// <summary>
    /// Drops each ledger no read has touched for the idle timeout. One being read (waiting for its gate, holding it, or
    /// reading without it) is counted in and stays; once dropped, no read enters it again, so none is left half folded,
    /// updated after it went, or read while a second copy loads. The next read makes a new entry and loads the ledger
    /// from the start of the log.
    /// </summary>
    private void EvictIdle()
    {
        foreach (var (incidentId, entry) in _entries)
        {
            if (entry.TryEvict(_time, _idleTimeout) && _entries.TryRemove(KeyValuePair.Create(incidentId, entry)))
            {
                LogEvicted(_logger, incidentId, entry.State.Ledger.VersionCount, _idleTimeout);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard ledger of incident {IncidentId} dropped after {IdleTimeout} without a read ({Versions} versions); its next dashboard loads it again")]
    private static partial void LogEvicted(ILogger logger, int incidentId, int versions, TimeSpan idleTimeout);

    /// <summary>A ledger and its watermarks: the commit keys the next read of the log of versions, and of sign-offs, starts at.</summary>
    private sealed record State(IncidentLedger Ledger, ulong Watermark, ulong SignOffWatermark);

    private sealed class Entry(IncidentLedger empty, long made)
    {
        private readonly Lock _lock = new();
        private int _reading;
        private long _lastRead = made;
        private bool _evicted;

        // Replaced whole under the gate, read without it: a reader sees the old ledger and watermark or the new, never a mix.
        private volatile State _state = new(empty, TailWindow.Start, TailWindow.Start);

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Used under the gate only.</summary>
        public TextPool Texts { get; } = new();

        public State State
        {
            get => _state;
            set => _state = value;
        }

        /// <summary>Counts a read in, unless the entry has been evicted.</summary>
        public bool TryEnter(long timestamp)
        {
            lock (_lock)
            {
                if (_evicted)
                {
                    return false;
                }

                _reading++;
                _lastRead = timestamp;
                return true;
            }
        }

        public void Leave(long timestamp)
        {
            lock (_lock)
            {
                _reading--;
                _lastRead = timestamp;
            }
        }

        /// <summary>Marks the entry evicted if no read is in it and none has been for the timeout.</summary>
        public bool TryEvict(TimeProvider time, TimeSpan idleTimeout)
        {
            lock (_lock)
            {
                if (_evicted || _reading > 0 || time.GetElapsedTime(_lastRead) < idleTimeout)
                {
                    return false;
                }

                _evicted = true;
                return true;
            }
        }
    }
}

/// <summary>
/// Keeps one copy of each text the versions of an incident repeat (the submitters' names; key issues and mitigations
/// carried from one hour's return to the next): the ledger holds every version of the incident for as long as it is
/// kept.
/// </summary>
internal sealed class TextPool
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public SignOffView Compact(SignOffView signOff) => signOff with { By = Share(signOff.By)! };

    public SitrepView Compact(SitrepView version) => version with
    {
        SubmittedBy = Share(version.SubmittedBy)!,
        OnBehalfOf = Share(version.OnBehalfOf),
        KeyIssues = Share(version.KeyIssues),
        Mitigations = Share(version.Mitigations),
        SupportRequested = Share(version.SupportRequested),
        AmendmentReason = Share(version.AmendmentReason),
    };

    private string? Share(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!_texts.TryGetValue(text, out var shared))
        {
            _texts[text] = shared = text;
        }

        return shared;
    }
}
