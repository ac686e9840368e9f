namespace ResilienceHub.Api.Features.Organisations;

public sealed class ResilienceGroup
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<GroupMembership> Members { get; set; } = [];
}

public sealed class GroupMembership
{
    public int GroupId { get; set; }

    public int OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }
}
