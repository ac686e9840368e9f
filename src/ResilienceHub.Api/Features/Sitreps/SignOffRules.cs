namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>A signatory's sign-off of one version of a return, as clients and the dashboard's ledger see it.</summary>
public sealed record SignOffView(int SitrepId, int OrganisationId, int Version, DateTime At, string By);

public static class SignOffRules
{
    /// <summary>
    /// The sign-off that stands for <paramref name="version"/> at <paramref name="at"/>: that version's, recorded by
    /// then. A sign-off is of one version only, so an amendment (a new version) has none until it is signed off itself.
    /// </summary>
    public static SignOffView? SignOffOf(IReadOnlyList<SignOffView> signOffs, int version, DateTime at)
    {
        for (var i = 0; i < signOffs.Count; i++)
        {
            if (signOffs[i].Version == version && signOffs[i].At <= at)
            {
                return signOffs[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a return awaits sign-off: its incident requires sign-off and the version that stands has no sign-off
    /// standing. The one rule for it: the tile's mark, the compliance counts and the marked totals all come from here.
    /// In an incident that does not require sign-off nothing awaits it.
    /// </summary>
    public static bool AwaitsSignOff(bool required, SignOffView? standing) => required && standing is null;
}
