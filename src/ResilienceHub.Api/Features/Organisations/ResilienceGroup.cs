using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Organisations;

public sealed class ResilienceGroup
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<GroupMembership> Members { get; set; } = [];

    /// <summary>Who last changed it (its name or members): an administrator's name, or <see cref="SeedIdentity.Name"/>.</summary>
    public string ChangedBy { get; set; } = SeedIdentity.Name;

    /// <summary>True while the seed files made its last change, so they may still bring it in line with themselves.</summary>
    public bool ChangedBySeeds { get; set; } = true;
}

public sealed class GroupMembership
{
    public int GroupId { get; set; }

    public int OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }
}
