using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Once the database is ready, loads in the background the ledgers of the incidents taking returns, so that the first
/// dashboard after a start does not wait for its incident's history (about 3 s for a national incident of 14 days).
/// The server answers meanwhile: a dashboard asked for during the load waits for it at the incident's gate, as it would
/// have loaded it itself. Off with <c>Dashboard:WarmUp=false</c>. A ledger loaded here and not read is dropped like any
/// other after <c>Dashboard:LedgerIdleTimeout</c>.
/// </summary>
internal sealed partial class LedgerWarmUp(
    IncidentLedgers ledgers,
    ReferenceDataCache referenceData,
    IDbContextFactory<ResilienceDbContext> contexts,
    TimeProvider time,
    IOptions<DashboardOptions> options,
    ILogger<LedgerWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            return;
        }

        await Task.Yield();
        try
        {
            var catalogue = await referenceData.GetAsync(stoppingToken);
            IReadOnlyList<IncidentView> incidents;
            await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
            {
                incidents = await IncidentQueries.ListAsync(db, stoppingToken);
            }

            var now = time.GetUtcNow().UtcDateTime;
            foreach (var incident in incidents.Where(i => i.StatusAt(now) == IncidentStatus.Active))
            {
                var started = Stopwatch.GetTimestamp();
                var ledger = await ledgers.GetAsync(incident, catalogue, stoppingToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogLoaded(logger, incident.Reference, ledger.VersionCount, elapsed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed warm-up costs the first dashboard its load, nothing else: it must not stop the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard ledger of incident {Incident} loaded at start-up: {Versions} versions in {Elapsed}")]
    private static partial void LogLoaded(ILogger logger, string incident, int versions, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the dashboard ledgers at start-up failed; each will load on its first dashboard")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
