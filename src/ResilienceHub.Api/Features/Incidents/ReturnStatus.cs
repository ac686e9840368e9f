namespace ResilienceHub.Api.Features.Incidents;

public enum ReturnStatus { Submitted, Late, Overdue, Due, Upcoming }

public static class ReturnStatusRules
{
    /// <summary>
    /// The status of one organisation's return for <paramref name="period"/> as seen at <paramref name="at"/>,
    /// given when its first version was submitted (null if never).
    /// </summary>
    public static ReturnStatus StatusAt(ReportingPeriod period, DateTime? firstSubmittedAt, DateTime at)
    {
        UtcGuard.Require(at, nameof(at));
        if (firstSubmittedAt is { } submittedAt)
        {
            UtcGuard.Require(submittedAt, nameof(firstSubmittedAt));
        }

        // A version submitted after `at` had not happened yet at `at` (dashboard replay).
        if (firstSubmittedAt is { } seen && seen <= at)
        {
            return seen <= period.DueAt ? ReturnStatus.Submitted : ReturnStatus.Late;
        }

        if (at > period.DueAt)
        {
            return ReturnStatus.Overdue;
        }

        return at >= period.OpensAt ? ReturnStatus.Due : ReturnStatus.Upcoming;
    }
}
