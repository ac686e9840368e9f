namespace ResilienceHub.Api.Features.Incidents;

/// <summary>The one binary search over instants in ascending order, for the schedule and the dashboard's ledger alike.</summary>
public static class SortedInstants
{
    /// <summary>How many of <paramref name="ascending"/> are at or before <paramref name="instant"/>; equal instants all count.</summary>
    public static int CountAtOrBefore(ReadOnlySpan<DateTime> ascending, DateTime instant)
    {
        var (low, high) = (0, ascending.Length);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = ascending[middle] <= instant ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
