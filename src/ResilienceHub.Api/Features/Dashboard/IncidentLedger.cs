using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// Every version of every return of one incident, with their sign-offs, by organisation, and each measure's system total at every period:
/// the read model the dashboard is computed from, for any instant. Immutable: applying new versions makes a new ledger
/// that shares every organisation the new versions did not touch.
/// </summary>
public sealed class IncidentLedger
{
    private readonly Dictionary<int, OrganisationLedger> _byOrganisation;
    private readonly SystemSeries _series;

    // Sign-offs of returns not in the ledger yet, by return.
    private readonly Dictionary<int, IReadOnlyList<SignOffView>> _pendingSignOffs;

    private IncidentLedger(
        ReportingSchedule schedule, Dictionary<int, OrganisationLedger> byOrganisation, SystemSeries series, int versionCount, Dictionary<int, IReadOnlyList<SignOffView>> pendingSignOffs)
    {
        Schedule = schedule;
        _byOrganisation = byOrganisation;
        _series = series;
        VersionCount = versionCount;
        _pendingSignOffs = pendingSignOffs;
    }

    /// <summary>An empty ledger; the catalogue says which measures are running totals for the day (kinds do not change).</summary>
    public static IncidentLedger For(ReportingSchedule schedule, ReferenceDataSnapshot catalogue) =>
        new(schedule, [], SystemSeries.For(schedule, catalogue.Measures.Where(m => m.Kind == MeasureKind.CumulativeDaily).Select(m => m.Id)), 0, []);

    /// <summary>How many versions the ledger holds.</summary>
    public int VersionCount { get; }

    public ReportingSchedule Schedule { get; }

    public OrganisationLedger Of(int organisationId) => _byOrganisation.GetValueOrDefault(organisationId, OrganisationLedger.Empty);

    /// <summary>For each measure, the system total at each period started by <paramref name="asOf"/>, as known at asOf.</summary>
    public IReadOnlyList<long[]> Trend(IReadOnlyList<int> measureIds, DateTime asOf)
    {
        var instant = ScheduleInstant.Of(Schedule, asOf);
        var corrections = _byOrganisation.Values.SelectMany(o => o.ReplayCorrections(instant)).ToList();
        return [.. measureIds.Select(id => _series.At(id, instant.Started.Until, corrections))];
    }

    /// <summary>
    /// Folds in versions and sign-offs not seen yet; one already held (a re-read of the tail) is ignored. A sign-off read
    /// before its return (SQL Server may commit them in either order) waits beside the ledger until the return comes.
    /// </summary>
    public IncidentLedger Apply(IReadOnlyCollection<SitrepView> versions, IReadOnlyCollection<SignOffView>? signOffs = null)
    {
        signOffs ??= [];
        if (versions.Count == 0 && signOffs.Count == 0)
        {
            return this;
        }

        var byOrganisation = new Dictionary<int, OrganisationLedger>(_byOrganisation);
        var replaced = new List<(OrganisationLedger Before, OrganisationLedger After)>();
        var pending = _pendingSignOffs;
        var added = 0;
        var signOffsOf = signOffs.ToLookup(s => s.OrganisationId);
        foreach (var organisationId in versions.Select(v => v.OrganisationId).Concat(signOffs.Select(s => s.OrganisationId)).Distinct())
        {
            var before = Of(organisationId);
            var returns = before.Returns.ToDictionary(r => r.SitrepId);
            foreach (var version in versions.Where(v => v.OrganisationId == organisationId).OrderBy(v => v.Version))
            {
                if (!returns.TryGetValue(version.Id, out var entry))
                {
                    var period = PeriodIndex.Of(Schedule, version.PeriodStartsAt);
                    var waiting = pending.GetValueOrDefault(version.Id);
                    returns[version.Id] = new ReturnEntry(version.Id, period, period.In(Schedule), [version]) { SignOffs = waiting ?? [] };
                    if (waiting is not null)
                    {
                        pending = new Dictionary<int, IReadOnlyList<SignOffView>>(pending);
                        pending.Remove(version.Id);
                    }

                    added++;
                }
                else if (entry.Current.Version < version.Version)
                {
                    returns[version.Id] = entry with { Versions = [.. entry.Versions, version] };
                    added++;
                }
            }

            foreach (var signOff in signOffsOf[organisationId])
            {
                if (returns.TryGetValue(signOff.SitrepId, out var entry))
                {
                    if (!entry.SignOffs.Any(s => s.Version == signOff.Version))
                    {
                        returns[signOff.SitrepId] = entry with { SignOffs = [.. entry.SignOffs, signOff] };
                    }
                }
                else
                {
                    var waiting = pending.GetValueOrDefault(signOff.SitrepId) ?? [];
                    if (!waiting.Any(s => s.Version == signOff.Version))
                    {
                        pending = new Dictionary<int, IReadOnlyList<SignOffView>>(pending) { [signOff.SitrepId] = [.. waiting, signOff] };
                    }
                }
            }

            var after = new OrganisationLedger([.. returns.Values.OrderBy(r => r.PeriodIndex)]);
            byOrganisation[organisationId] = after;
            replaced.Add((before, after));
        }

        return new IncidentLedger(Schedule, byOrganisation, _series.Replace(replaced), VersionCount + added, pending);
    }
}
