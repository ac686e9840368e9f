using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Features.Sitreps;

public static class ReturnStatusRules
{
    /// <summary>
    /// Whether a return is late: its first version arrived after its period's due time (one sent exactly at the due
    /// time is on time); later versions do not change it. The one rule for it: a submission records it, the seeder
    /// writes it, the dashboard's ledger counts it, and <see cref="StatusAt"/> reports it.
    /// </summary>
    public static bool IsLate(DateTime dueAt, DateTime firstSubmittedAt) => firstSubmittedAt > dueAt;

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
            return IsLate(period.DueAt, seen) ? ReturnStatus.Late : ReturnStatus.Submitted;
        }

        if (at > period.DueAt)
        {
            return ReturnStatus.Overdue;
        }

        return at >= period.OpensAt ? ReturnStatus.Due : ReturnStatus.Upcoming;
    }
}
