namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// A return's position among one organisation's returns, in period order (see <see cref="OrganisationLedger"/>); as
/// the end of a run of them, the position after its last. Not a <see cref="PeriodIndex"/>: the organisation may have
/// missed periods.
/// </summary>
public readonly record struct ReturnIndex(int Value) : IComparable<ReturnIndex>
{
    public ReturnIndex Next => new(Value + 1);

    public int CompareTo(ReturnIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(ReturnIndex left, ReturnIndex right) => left.Value < right.Value;

    public static bool operator >(ReturnIndex left, ReturnIndex right) => left.Value > right.Value;

    public static bool operator <=(ReturnIndex left, ReturnIndex right) => left.Value <= right.Value;

    public static bool operator >=(ReturnIndex left, ReturnIndex right) => left.Value >= right.Value;
}
