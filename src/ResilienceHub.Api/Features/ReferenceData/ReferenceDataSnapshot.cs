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
    private readonly FrozenDictionary<int, MeasureRevisionView[]> _revisions;
    private readonly FrozenDictionary<int, ResilienceGroupView[]> _groupsOf;

    /// <param name="revisions">
    /// Every revision of every measure; a measure given none (a snapshot built in a unit test) has its current state
    /// as its only revision.
    /// </param>
    public ReferenceDataSnapshot(
        IEnumerable<OrganisationView> organisations,
        IEnumerable<ResilienceGroupView> groups,
        IEnumerable<MeasureView> measures,
        IEnumerable<MeasureRevisionView>? revisions = null)
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
        var given = (revisions ?? []).GroupBy(r => r.MeasureId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Revision).ToArray());
        _revisions = Measures.ToFrozenDictionary(m => m.Id, m => given.GetValueOrDefault(m.Id) is { Length: > 0 } history ? history : [AsOnlyRevision(m)]);
        _groupsOf = Groups.SelectMany(g => g.MemberIds.Select(id => (id, g))).GroupBy(x => x.id)
            .ToFrozenDictionary(x => x.Key, x => x.Select(y => y.g).ToArray());
    }

    public IReadOnlyList<OrganisationView> Organisations { get; }
    public IReadOnlyList<ResilienceGroupView> Groups { get; }

    /// <summary>The catalogue in its own order, retired measures included (old returns still hold their values).</summary>
    public IReadOnlyList<MeasureView> Measures { get; }

    public FrozenDictionary<int, OrganisationView> OrganisationsById { get; }
    public FrozenDictionary<string, OrganisationView> OrganisationsByOdsCode { get; }
    public FrozenDictionary<int, ResilienceGroupView> GroupsById { get; }
    public FrozenDictionary<int, MeasureView> MeasuresById { get; }
    public FrozenDictionary<string, MeasureView> MeasuresByCode { get; }

    /// <summary>Where a measure stands in the catalogue's order.</summary>
    public int PositionOf(MeasureView measure) => _measurePositions[measure.Id];

    /// <summary>The measures the type reports or has reported, retired ones included.</summary>
    public IEnumerable<MeasureView> MeasuresFor(OrganisationType type) => Measures.Where(m => m.AppliesTo.Contains(type));

    /// <summary>The measures a new return from an organisation of the type is asked for: those it reports, less the retired.</summary>
    public IEnumerable<MeasureView> MeasuresAskedOf(OrganisationType type) => MeasuresFor(type).Where(m => !m.Retired);

    /// <summary>The measures any of these organisations report, in catalogue order: the columns of a table of their returns.</summary>
    public IReadOnlyList<MeasureView> MeasuresForAny(IEnumerable<OrganisationView> organisations)
    {
        var types = organisations.Select(o => o.Type).ToHashSet();
        return [.. Measures.Where(m => m.AppliesTo.Any(types.Contains))];
    }

    /// <summary>The groups the organisation belongs to, by name.</summary>
    public IReadOnlyList<ResilienceGroupView> GroupsOf(int organisationId) => _groupsOf.GetValueOrDefault(organisationId) ?? [];

    /// <summary>Every revision of the measure, oldest first (never empty for a measure of the catalogue).</summary>
    public IReadOnlyList<MeasureRevisionView> HistoryOf(int measureId) => _revisions.GetValueOrDefault(measureId) ?? [];

    /// <summary>
    /// The revision of the measure in force at <paramref name="instant"/>: the latest made at or before it. Before its
    /// first revision, the first stands: revision 1 of a measure that was in the catalogue before revisions were kept
    /// is dated by the upgrade, not by when it was first used. Null for a measure the catalogue does not have.
    /// </summary>
    public MeasureRevisionView? RevisionAt(int measureId, DateTime instant)
    {
        if (!_revisions.TryGetValue(measureId, out var history))
        {
            return null;
        }

        // Revisions are few per measure. Two instances' clocks may disagree a little, so the highest number made by the
        // instant wins rather than the first one made after it ending the search.
        var inForce = history[0];
        foreach (var revision in history)
        {
            if (revision.ChangedAt <= instant)
            {
                inForce = revision;
            }
        }

        return inForce;
    }

    private static MeasureRevisionView AsOnlyRevision(MeasureView m) => new(
        m.Id, 1, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), SeedIdentity.Name, true, "", m.Name, m.Unit, m.Kind, m.AppliesTo, m.RequiredFor,
        m.MustNotExceed, m.WarningAbove, m.CriticalAbove, m.MaxValue, m.Retired);
}
