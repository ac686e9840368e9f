namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>
/// A return as it stood at an instant, a dashboard's asOf (past or present): only the versions sent by then exist, and
/// the newest of them stood. Each version it shows has that newest version as its <see cref="SitrepView.CurrentVersion"/>
/// and this as its <see cref="SitrepView.SeenAsOf"/>, so that a client reading a shown version's <c>versions</c> sees
/// none sent later. A class, not a record: the versions it shows refer back to it.
/// </summary>
public sealed class ReturnAsOf
{
    private readonly IReadOnlyList<SitrepView> _versions;
    private readonly IReadOnlyList<SignOffView> _signOffs;

    /// <param name="instant">The instant the return is seen at.</param>
    /// <param name="versions">The versions sent by <paramref name="instant"/>, oldest first: at least one.</param>
    /// <param name="signOffs">The return's sign-offs (later ones too: <see cref="SignOffOf"/> shows only those recorded by the instant).</param>
    public ReturnAsOf(DateTime instant, IReadOnlyList<SitrepView> versions, IReadOnlyList<SignOffView>? signOffs = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(versions.Count, nameof(versions));
        Instant = instant;
        _versions = versions;
        _signOffs = signOffs ?? [];
        Standing = Show(versions[^1]);
    }

    /// <summary>The sign-off of a version shown, as it stood at <see cref="Instant"/>.</summary>
    public SignOffView? SignOffOf(SitrepView version) => SignOffRules.SignOffOf(_signOffs, version.Version, Instant);

    public DateTime Instant { get; }

    /// <summary>The version that stood at <see cref="Instant"/>.</summary>
    public SitrepView Standing { get; }

    /// <summary>Every version sent by <see cref="Instant"/>, oldest first; the last is <see cref="Standing"/>.</summary>
    public IEnumerable<SitrepView> Versions
    {
        get
        {
            for (var i = 0; i < _versions.Count - 1; i++)
            {
                yield return Show(_versions[i]);
            }

            yield return Standing;
        }
    }

    private SitrepView Show(SitrepView version) => version with { CurrentVersion = _versions[^1].Version, SeenAsOf = this };
}
