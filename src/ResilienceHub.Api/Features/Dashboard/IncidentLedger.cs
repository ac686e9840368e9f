using System.Collections.Frozen;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>One organisation's return for one period with every version, oldest first.</summary>
public sealed record ReturnEntry(int SitrepId, DateTime PeriodStartsAt, IReadOnlyList<SitrepView> Versions)
{
    public DateTime FirstSubmittedAt => Versions[0].SubmittedAt;

    /// <summary>The version that stood at <paramref name="asOf"/>, or null if none had been sent.</summary>
    public SitrepView? VersionAt(DateTime asOf)
    {
        SitrepView? seen = null;
        foreach (var version in Versions)
        {
            if (version.SubmittedAt > asOf)
            {
                break;
            }

            seen = version;
        }

        return seen;
    }
}

/// <summary>
/// Every version of every return of one incident, grouped by organisation and ordered by period:
/// the read model the dashboard is computed from, for any instant. Immutable: applying new
/// versions makes a new ledger that shares everything the new versions did not touch.
/// </summary>
public sealed class IncidentLedger
{
    public static readonly IncidentLedger Empty = new(FrozenDictionary<int, IReadOnlyList<ReturnEntry>>.Empty, 0);

    private IncidentLedger(IReadOnlyDictionary<int, IReadOnlyList<ReturnEntry>> byOrganisation, int lastVersionRowId)
    {
        ByOrganisation = byOrganisation;
        LastVersionRowId = lastVersionRowId;
    }

    /// <summary>Each organisation's returns, earliest period first.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<ReturnEntry>> ByOrganisation { get; }

    /// <summary>The highest version row folded in so far: the tail of the log starts after it.</summary>
    public int LastVersionRowId { get; }

    public IReadOnlyList<ReturnEntry> ReturnsOf(int organisationId) =>
        ByOrganisation.TryGetValue(organisationId, out var returns) ? returns : [];

    /// <summary>Folds in versions not seen yet; a version already held (a re-read of the tail) is ignored.</summary>
    public IncidentLedger Apply(IReadOnlyCollection<SitrepView> versions)
    {
        if (versions.Count == 0)
        {
            return this;
        }

        var byOrganisation = new Dictionary<int, IReadOnlyList<ReturnEntry>>(ByOrganisation);
        foreach (var group in versions.GroupBy(v => v.OrganisationId))
        {
            var returns = ReturnsOf(group.Key).ToDictionary(r => r.SitrepId);
            foreach (var version in group.OrderBy(v => v.Version))
            {
                if (!returns.TryGetValue(version.Id, out var entry))
                {
                    returns[version.Id] = new ReturnEntry(version.Id, version.PeriodStartsAt, [version]);
                }
                else if (entry.Versions[^1].Version < version.Version)
                {
                    returns[version.Id] = entry with { Versions = [.. entry.Versions, version] };
                }
            }

            byOrganisation[group.Key] = [.. returns.Values.OrderBy(r => r.PeriodStartsAt)];
        }

        return new IncidentLedger(byOrganisation, Math.Max(LastVersionRowId, versions.Max(v => v.VersionRowId)));
    }
}
