using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// A period's position in its schedule's <see cref="ReportingSchedule.Periods"/>; as the end of a span, the position
/// after its last period. Not a <see cref="ReturnIndex"/>: an organisation that missed a period has fewer returns than
/// periods, so the two do not line up.
/// </summary>
public readonly record struct PeriodIndex(int Value) : IComparable<PeriodIndex>
{
    public static readonly PeriodIndex First = new(0);

    public PeriodIndex Next => new(Value + 1);

    /// <summary>The position of the period starting exactly at <paramref name="startsAt"/>; throws if there is none.</summary>
    public static PeriodIndex Of(ReportingSchedule schedule, DateTime startsAt) => new(schedule.IndexOf(startsAt));

    /// <summary>The position after the schedule's last period.</summary>
    public static PeriodIndex End(ReportingSchedule schedule) => new(schedule.Periods.Count);

    public ReportingPeriod In(ReportingSchedule schedule) => schedule.Periods[Value];

    public int CompareTo(PeriodIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(PeriodIndex left, PeriodIndex right) => left.Value < right.Value;

    public static bool operator >(PeriodIndex left, PeriodIndex right) => left.Value > right.Value;

    public static bool operator <=(PeriodIndex left, PeriodIndex right) => left.Value <= right.Value;

    public static bool operator >=(PeriodIndex left, PeriodIndex right) => left.Value >= right.Value;

    public static PeriodIndex Min(PeriodIndex left, PeriodIndex right) => left <= right ? left : right;
}
