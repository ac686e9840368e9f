using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Organisations;

public enum OrganisationType
{
    AcuteTrust,
    CommunityTrust,
    MentalHealthTrust,
    AmbulanceTrust,
    Nhs111,
    GpOutOfHours,
    SocialCare,
    Commissioner,
}

public sealed class Organisation
{
    public int Id { get; set; }

    /// <summary>The ODS code, or a local identifier (prefixed <c>LOCAL-</c>) where the organisation has none.</summary>
    public required string OdsCode { get; set; }

    public required string Name { get; set; }

    public OrganisationType Type { get; set; }

    public bool IsLocalIdentifier { get; set; }

    /// <summary>False once retired: no longer offered for new incidents; its history stays readable.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Who last changed it: an administrator's name, or <see cref="SeedIdentity.Name"/>.</summary>
    public string ChangedBy { get; set; } = SeedIdentity.Name;

    /// <summary>True while the seed files made its last change, so they may still bring it in line with themselves.</summary>
    public bool ChangedBySeeds { get; set; } = true;
}
