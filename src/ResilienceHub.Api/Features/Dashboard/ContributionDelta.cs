namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>
/// A change to a sum over periods: a <see cref="Contribution"/> put on, or taken off. The series changes by these when
/// a return is replaced, and a replay corrects the present's series by them (out with what stands now, in with what
/// stood then).
/// </summary>
public readonly record struct ContributionDelta
{
    private readonly int _sign;

    private ContributionDelta(Contribution contribution, int sign) => (Contribution, _sign) = (contribution, sign);

    public Contribution Contribution { get; }

    public static ContributionDelta Adding(Contribution contribution) => new(contribution, 1);

    public static ContributionDelta Removing(Contribution contribution) => new(contribution, -1);

    /// <summary>The change to a sum that one of the version's values makes: the value put on, or taken off.</summary>
    public long Of(int value) => _sign * (long)value;
}
