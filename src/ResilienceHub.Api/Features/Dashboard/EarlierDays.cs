namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// What an organisation's returns said on each local day before an instant's, as seen at that instant: the sum, measure
/// by measure, of each day's last return as the present has it, and a correction for each day that stood otherwise then.
/// Only the running totals for the day (CUMULATIVE_DAILY) mean anything summed over days.
/// </summary>
public readonly record struct EarlierDays(IReadOnlyDictionary<int, long> Present, IReadOnlyList<DayCorrection> Corrections);
