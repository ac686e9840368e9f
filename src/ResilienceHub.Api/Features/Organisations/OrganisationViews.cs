namespace ResilienceHub.Api.Features.Organisations;

/// <summary>An organisation as every request reads it; retired ones (not <paramref name="Active"/>) stay readable but join no new incident or group.</summary>
public sealed record OrganisationView(int Id, string OdsCode, string Name, OrganisationType Type, bool LocalIdentifier, bool Active = true);

public sealed record ResilienceGroupView(int Id, string Code, string Name, IReadOnlyList<int> MemberIds);
