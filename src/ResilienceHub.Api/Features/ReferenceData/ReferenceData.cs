using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>
/// Organisations, groups and the measure catalogue: small, read on nearly every request and
/// rarely changed, so one snapshot in memory serves every resolver without a query.
/// </summary>
public sealed class ReferenceDataSnapshot
{
    private readonly FrozenDictionary<int, int> _measurePositions;

    public ReferenceDataSnapshot(
        IEnumerable<OrganisationView> organisations,
        IEnumerable<ResilienceGroupView> groups,
        IEnumerable<MeasureView> measures)
    {
        Organisations = [.. organisations.OrderBy(o => o.Name, StringComparer.Ordinal)];
        Groups = [.. groups.OrderBy(g => g.Name, StringComparer.Ordinal)];
        Measures = [.. measures];
        OrganisationsById = Organisations.ToFrozenDictionary(o => o.Id);
        OrganisationsByOdsCode = Organisations.ToFrozenDictionary(o => o.OdsCode, StringComparer.OrdinalIgnoreCase);
        GroupsById = Groups.ToFrozenDictionary(g => g.Id);
        MeasuresById = Measures.ToFrozenDictionary(m => m.Id);
        MeasuresByCode = Measures.ToFrozenDictionary(m => m.Code, StringComparer.Ordinal);
        _measurePositions = Measures.Select((m, i) => (m.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i);
    }

    public IReadOnlyList<OrganisationView> Organisations { get; }
    public IReadOnlyList<ResilienceGroupView> Groups { get; }

    /// <summary>The catalogue in its own order.</summary>
    public IReadOnlyList<MeasureView> Measures { get; }

    public FrozenDictionary<int, OrganisationView> OrganisationsById { get; }
    public FrozenDictionary<string, OrganisationView> OrganisationsByOdsCode { get; }
    public FrozenDictionary<int, ResilienceGroupView> GroupsById { get; }
    public FrozenDictionary<int, MeasureView> MeasuresById { get; }
    public FrozenDictionary<string, MeasureView> MeasuresByCode { get; }

    /// <summary>Where a measure stands in the catalogue's order.</summary>
    public int PositionOf(MeasureView measure) => _measurePositions[measure.Id];

    public IEnumerable<MeasureView> MeasuresFor(OrganisationType type) => Measures.Where(m => m.AppliesTo.Contains(type));
}

/// <summary>Loads the snapshot once and reloads it after a write or when it has aged.</summary>
public sealed class ReferenceData(IDbContextFactory<ResilienceDbContext> contexts, TimeProvider time)
{
    // Another instance may change reference data; a minute is the longest anyone sees the old copy.
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;

    public async ValueTask<ReferenceDataSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = _entry;
        if (entry is not null && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return entry.Snapshot;
        }

        // Two requests may both reload at expiry; the copies are equal, so either may win.
        entry = new Entry(await LoadAsync(cancellationToken), time.GetUtcNow());
        _entry = entry;
        return entry.Snapshot;
    }

    public void Invalidate() => _entry = null;

    private async Task<ReferenceDataSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var organisations = await ReferenceDataQueries.Organisations(db).ToListAsync(cancellationToken);
        var groups = await ReferenceDataQueries.Groups(db).ToListAsync(cancellationToken);
        var measures = await ReferenceDataQueries.Measures(db).ToListAsync(cancellationToken);

        return new ReferenceDataSnapshot(
            organisations,
            groups,
            measures.Select(m => m.ToView()));
    }

    private sealed record Entry(ReferenceDataSnapshot Snapshot, DateTimeOffset LoadedAt);
}
