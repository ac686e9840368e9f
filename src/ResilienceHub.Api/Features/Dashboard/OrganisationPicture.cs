using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// One organisation's returns as they stood at an instant (<see cref="OrganisationLedger.PictureAt"/>): all the
/// dashboard needs of it.
/// </summary>
/// <param name="Latest">The return of the latest period started by then that had been sent by then, as it stood then.</param>
/// <param name="Previous">The one before it, likewise.</param>
/// <param name="LatestIsToday">Whether the latest return's period is of the instant's local date.</param>
/// <param name="CurrentReturn">The status of the return for the period the instant shows.</param>
/// <param name="OnTime">Returns due by then that arrived on time.</param>
/// <param name="Late">Returns that had arrived late by then.</param>
/// <param name="OverduePeriods">
/// The periods due by then (their due time at or before the instant) with no return sent by then, in order.
/// </param>
/// <param name="EarlierDays">What the returns said on each local day before the instant's.</param>
public readonly record struct OrganisationPicture(
    SitrepView? Latest,
    SitrepView? Previous,
    bool LatestIsToday,
    ReturnStatus CurrentReturn,
    int OnTime,
    int Late,
    IReadOnlyList<ReportingPeriod> OverduePeriods,
    EarlierDays EarlierDays)
{
    /// <summary>How many periods are overdue: those listed, so the compliance and the list cannot disagree.</summary>
    public int Overdue => OverduePeriods.Count;

    /// <summary>Whether the latest return awaited sign-off then (<see cref="Sitreps.SignOffRules.AwaitsSignOff"/>).</summary>
    public bool LatestAwaitsSignOff { get; init; }

    /// <summary>Of the returns counted in <see cref="OnTime"/> and <see cref="Late"/>, the nil returns, as each stood then.</summary>
    public int Nil { get; init; }

    /// <summary>Of the returns counted in <see cref="OnTime"/> and <see cref="Late"/>, those signed off by then; the rest await sign-off where it is required.</summary>
    public int SignedOff { get; init; }
}
