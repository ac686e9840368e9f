using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>One organisation's return for one period with every version, oldest first, and every sign-off, as recorded.</summary>
public sealed record ReturnEntry(int SitrepId, PeriodIndex PeriodIndex, ReportingPeriod Period, IReadOnlyList<SitrepView> Versions)
{
    /// <summary>The sign-offs of the return's versions, in the order recorded (one may be of a version the ledger has not read yet).</summary>
    public IReadOnlyList<SignOffView> SignOffs { get; init; } = [];

    /// <summary>When the return last changed: its latest version, or a sign-off after it.</summary>
    public DateTime LastChangedAt
    {
        get
        {
            var last = Current.SubmittedAt;
            foreach (var signOff in SignOffs)
            {
                last = signOff.At > last ? signOff.At : last;
            }

            return last;
        }
    }

    /// <summary>The sign-off of the version that stands now, if it has one.</summary>
    public SignOffView? CurrentSignOff => SignOffs.Count == 0 ? null : SignOffRules.SignOffOf(SignOffs, Current.Version, DateTime.MaxValue);

    /// <summary>The sign-off of the version that stood at <paramref name="asOf"/>, as recorded by then.</summary>
    public SignOffView? SignOffAt(DateTime asOf) =>
        SignOffs.Count == 0 ? null : VersionAt(asOf) is { } standing ? SignOffRules.SignOffOf(SignOffs, standing.Version, asOf) : null;

    public DateTime FirstSubmittedAt => Versions[0].SubmittedAt;

    /// <summary>The version that stands now.</summary>
    public SitrepView Current => Versions[^1];

    public bool Late => ReturnStatusRules.IsLate(Period.DueAt, FirstSubmittedAt);

    /// <summary>Whether the return existed at <paramref name="asOf"/>.</summary>
    public bool SeenBy(DateTime asOf) => FirstSubmittedAt <= asOf;

    /// <summary>The return as it stood at <paramref name="instant"/>, or null if nothing had been sent for it by then.</summary>
    public ReturnAsOf? AsOf(DateTime instant)
    {
        if (Current.SubmittedAt <= instant)
        {
            return new(instant, Versions, SignOffs);
        }

        var seen = 0;
        while (seen < Versions.Count && Versions[seen].SubmittedAt <= instant)
        {
            seen++;
        }

        return seen == 0 ? null : new(instant, [.. Versions.Take(seen)], SignOffs);
    }

    /// <summary>The version that stood at <paramref name="asOf"/>, or null if none had been sent.</summary>
    public SitrepView? VersionAt(DateTime asOf)
    {
        if (Current.SubmittedAt <= asOf)
        {
            return Current;
        }

        SitrepView? seen = null;
        for (var i = 0; i < Versions.Count && Versions[i].SubmittedAt <= asOf; i++)
        {
            seen = Versions[i];
        }

        return seen;
    }
}
