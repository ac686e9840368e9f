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
}
