namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>The periods from <see cref="From"/> up to, not including, <see cref="Until"/>.</summary>
public readonly record struct PeriodSpan(PeriodIndex From, PeriodIndex Until)
{
    /// <summary>The first <paramref name="count"/> periods of a schedule.</summary>
    public static PeriodSpan FirstPeriods(int count) => new(PeriodIndex.First, new(count));

    public int Count => Until.Value - From.Value;
}
