using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Benchmarks.Data;

/// <summary>
/// The API's measure catalogue (as seeded from seeds/measures.json) arranged for generating returns:
/// per organisation type, every applicable measure, each after the measure that bounds it.
/// </summary>
internal sealed class SyntheticCatalogue
{
    private readonly Dictionary<OrganisationType, IReadOnlyList<MeasureView>> _byType;

    public SyntheticCatalogue(IReadOnlyList<MeasureView> measures)
    {
        Ordered = BoundsFirst(measures);
        _byType = Enum.GetValues<OrganisationType>().ToDictionary(
            type => type, type => (IReadOnlyList<MeasureView>)[.. Ordered.Where(m => m.AppliesTo.Contains(type))]);
    }

    /// <summary>Every measure, each after its <c>mustNotExceed</c> bound.</summary>
    public IReadOnlyList<MeasureView> Ordered { get; }

    public IReadOnlyList<MeasureView> For(OrganisationType type) => _byType[type];

    /// <summary>A valid set of values for one return: every applicable measure, every bound kept.</summary>
    public IReadOnlyList<(MeasureView Measure, int Value)> ValidValues(OrganisationType type)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var measure in For(type))
        {
            values[measure.Code] = measure.MustNotExceed is { } bound && values.TryGetValue(bound, out var limit) ? limit / 2 : 100;
        }

        return [.. For(type).Select(m => (m, values[m.Code]))];
    }

    private static List<MeasureView> BoundsFirst(IReadOnlyList<MeasureView> measures)
    {
        var codes = measures.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<MeasureView>();
        while (ordered.Count < measures.Count)
        {
            var ready = measures.Where(m => !placed.Contains(m.Code)
                && (m.MustNotExceed is null || !codes.Contains(m.MustNotExceed) || placed.Contains(m.MustNotExceed))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The measure catalogue's mustNotExceed bounds form a cycle.");
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready.Select(m => m.Code));
        }

        return ordered;
    }
}
