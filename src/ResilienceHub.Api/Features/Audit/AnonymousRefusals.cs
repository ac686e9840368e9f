namespace ResilienceHub.Api.Features.Audit;

/// <summary>
/// Anonymous callers' refused attempts to write, counted and written as one audit entry a minute (how many, of which
/// actions, from how many addresses, the busiest one), so that a flood of them costs the database one row a minute,
/// not one a request. Counted in memory: a crash loses at most the minute in hand (a stop writes it).
/// </summary>
public sealed partial class AnonymousRefusals(AuditTrail audit, TimeProvider time, ILogger<AnonymousRefusals> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Past this many distinct addresses in a minute the rest are counted together, so memory stays bounded.
    private const int MaxAddresses = 10_000;
    private const string OtherAddresses = "other";

    private readonly Lock _gate = new();
    private Dictionary<string, int> _actions = new(StringComparer.Ordinal);
    private Dictionary<string, int> _addresses = new(StringComparer.Ordinal);
    private DateTime _since = time.GetUtcNow().UtcDateTime;

    public void Count(IEnumerable<AuditEntry> refused, string? address)
    {
        lock (_gate)
        {
            foreach (var entry in refused)
            {
                _actions[entry.Action] = _actions.GetValueOrDefault(entry.Action) + 1;
                var key = address ?? OtherAddresses;
                if (!_addresses.ContainsKey(key) && _addresses.Count >= MaxAddresses)
                {
                    key = OtherAddresses;
                }

                _addresses[key] = _addresses.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>Writes the entry for what was counted since the last one, if anything was.</summary>
    public async Task FlushAsync()
    {
        Dictionary<string, int> actions, addresses;
        DateTime since, until = time.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            (actions, addresses, since) = (_actions, _addresses, _since);
            (_actions, _addresses, _since) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), until);
        }

        if (actions.Count == 0)
        {
            return;
        }

        var total = actions.Values.Sum();
        var busiest = addresses.MaxBy(a => a.Value);
        var entry = new AuditEntry
        {
            OccurredAt = until,
            Actor = "anonymous",
            Roles = "",
            ClientAddress = busiest.Key == OtherAddresses ? null : busiest.Key,
            Action = AuditActions.AnonymousWrites,
            Outcome = AuditOutcomes.Forbidden,
            Detail = Shorten($"{total} refused attempts to write without a token from {UserTime(since)} to {UserTime(until)}, from {addresses.Count} address(es): "
                + string.Join(", ", actions.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}"))
                + $"; the most ({busiest.Value}) from {busiest.Key}."),
        };
        await audit.RecordAsync(entry, CancellationToken.None);
        LogSummarised(logger, total, addresses.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync();
        }
        catch (ObjectDisposedException)
        {
            // The host has already let go of the database: the minute in hand is lost, as it would be in a crash.
        }
    }

    private static string UserTime(DateTime utc) => GraphQL.UserErrors.Instant(utc);

    private static string Shorten(string detail) => detail.Length > AuditLimits.DetailMaxLength ? detail[..AuditLimits.DetailMaxLength] : detail;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} refused attempts to write without a token from {Addresses} address(es) in the last minute, kept as one audit entry")]
    private static partial void LogSummarised(ILogger logger, int count, int addresses);
}
