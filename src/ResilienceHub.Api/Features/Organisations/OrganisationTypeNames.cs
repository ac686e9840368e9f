namespace ResilienceHub.Api.Features.Organisations;

public static class OrganisationTypeNames
{
    /// <summary>The type as a reporter reads it in a message, e.g. "acute trust".</summary>
    public static string Display(OrganisationType type) => type switch
    {
        OrganisationType.AcuteTrust => "acute trust",
        OrganisationType.CommunityTrust => "community trust",
        OrganisationType.MentalHealthTrust => "mental health trust",
        OrganisationType.AmbulanceTrust => "ambulance trust",
        OrganisationType.Nhs111 => "NHS 111",
        OrganisationType.GpOutOfHours => "GP out-of-hours",
        OrganisationType.SocialCare => "social care",
        OrganisationType.Commissioner => "commissioner",
        _ => type.ToString(),
    };

    /// <summary>The contract's spelling, as the GraphQL enum writes it (ACUTE_TRUST, NHS_111).</summary>
    public static string Contract(OrganisationType type) =>
        type == OrganisationType.Nhs111 ? "NHS_111" : string.Concat(type.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    /// <summary>Reads the contract's spelling (ACUTE_TRUST, NHS_111).</summary>
    public static bool TryParse(string? text, out OrganisationType type)
    {
        var normalised = text?.Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(normalised, ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(normalised, out _);
    }
}
