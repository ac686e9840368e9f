namespace ResilienceHub.Api.Features.Organisations;

public static class OrganisationLimits
{
    /// <summary>An ODS code, a local identifier or a group's code.</summary>
    public const int CodeMaxLength = 32;

    public const int NameMaxLength = 200;

    /// <summary>Why an organisation or a group was changed.</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>A group's members are its incidents' participants by default, of which there are at most this many.</summary>
    public const int MaxMembers = Incidents.IncidentLimits.MaxParticipants;
}
