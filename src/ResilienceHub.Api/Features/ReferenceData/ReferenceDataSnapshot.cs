using System.Collections.Frozen;
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

    /// <summary>The measures any of these organisations report, in catalogue order: the columns of a table of their returns.</summary>
    public IReadOnlyList<MeasureView> MeasuresForAny(IEnumerable<OrganisationView> organisations)
    {
        var types = organisations.Select(o => o.Type).ToHashSet();
        return [.. Measures.Where(m => m.AppliesTo.Any(types.Contains))];
    }
}
