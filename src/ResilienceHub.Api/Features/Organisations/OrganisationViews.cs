namespace ResilienceHub.Api.Features.Organisations;

public sealed record OrganisationView(int Id, string OdsCode, string Name, OrganisationType Type, bool LocalIdentifier);

public sealed record ResilienceGroupView(int Id, string Code, string Name, IReadOnlyList<int> MemberIds);
