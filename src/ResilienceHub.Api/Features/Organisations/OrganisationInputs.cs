using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Organisations;

/// <summary>An organisation as an admin saves it; <paramref name="Active"/> omitted keeps what it was (a new one is active).</summary>
public sealed record SaveOrganisationInput(
    string OdsCode,
    string Name,
    OrganisationType Type,
    bool? LocalIdentifier = null,
    bool? Active = null,
    string? Reason = null);

/// <summary>A group as an admin saves it: its members are exactly <paramref name="MemberIds"/> afterwards.</summary>
public sealed record SaveResilienceGroupInput(string Code, string Name, IReadOnlyList<string> MemberIds, string? Reason = null);

/// <summary>The organisation as it now stands, or every reason it was refused.</summary>
public sealed record OrganisationResult(OrganisationView? Organisation, IReadOnlyList<UserError> Errors);

/// <summary>The group as it now stands, or every reason it was refused.</summary>
public sealed record ResilienceGroupResult(ResilienceGroupView? Group, IReadOnlyList<UserError> Errors);
