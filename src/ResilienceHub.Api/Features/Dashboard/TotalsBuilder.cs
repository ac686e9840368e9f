using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>Adds up each organisation's contribution to the dashboard's totals, measure by measure, one picture at a time.</summary>
internal sealed class TotalsBuilder(ReferenceDataSnapshot catalogue, List<OrganisationView> participants)
{
    private readonly Dictionary<int, (long Value, int Organisations)> _latest = [];
    private readonly Dictionary<int, long> _earlierDays = [];

    // Per measure, how many of the organisations counted rest on a return awaiting sign-off; untouched where none does.
    private readonly Dictionary<int, int> _awaitingSignOff = [];

    public void Add(OrganisationPicture picture)
    {
        // A nil return holds no values: the organisation adds nothing and is not counted among those reporting.
        if (picture.Latest is { } latest)
        {
            foreach (var (measureId, value) in latest.Measures)
            {
                // A day's running total counts only on its own day; a position stands until the next return.
                if (picture.LatestIsToday || catalogue.MeasuresById[measureId].Kind == MeasureKind.Snapshot)
                {
                    var (sum, count) = _latest.GetValueOrDefault(measureId);
                    _latest[measureId] = (sum + value, count + 1);
                    if (picture.LatestAwaitsSignOff)
                    {
                        _awaitingSignOff[measureId] = _awaitingSignOff.GetValueOrDefault(measureId) + 1;
                    }
                }
            }
        }

        // Each earlier day's running totals are what its last return (as seen at asOf) left them at.
        foreach (var (measureId, value) in picture.EarlierDays.Present)
        {
            AddEarlierDay(measureId, value);
        }

        // A day that stood otherwise at asOf: what stands now out, what was seen then in.
        foreach (var (standing, seen) in picture.EarlierDays.Corrections)
        {
            foreach (var (measureId, value) in standing.Measures)
            {
                TakeOffEarlierDay(measureId, value);
            }

            foreach (var (measureId, value) in seen?.Measures ?? [])
            {
                AddEarlierDay(measureId, value);
            }
        }
    }

    public List<MeasureTotalView> Build()
    {
        return [.. catalogue.MeasuresForAny(participants).Select(measure =>
        {
            var (value, organisations) = _latest.GetValueOrDefault(measure.Id);
            var awaiting = _awaitingSignOff.GetValueOrDefault(measure.Id);
            return measure.Kind == MeasureKind.Snapshot
                ? new MeasureTotalView(measure, value, null, organisations, awaiting)
                : new MeasureTotalView(measure, value, _earlierDays.GetValueOrDefault(measure.Id) + value, organisations, awaiting);
        })];
    }

    private void AddEarlierDay(int measureId, long value)
    {
        if (catalogue.MeasuresById[measureId].Kind == MeasureKind.CumulativeDaily)
        {
            _earlierDays[measureId] = _earlierDays.GetValueOrDefault(measureId) + value;
        }
    }

    private void TakeOffEarlierDay(int measureId, int value)
    {
        if (catalogue.MeasuresById[measureId].Kind == MeasureKind.CumulativeDaily)
        {
            _earlierDays[measureId] = _earlierDays.GetValueOrDefault(measureId) - value;
        }
    }
}
