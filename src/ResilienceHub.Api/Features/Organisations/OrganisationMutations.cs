using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Organisations;

public sealed class SaveOrganisationInputGraphType : InputObjectGraphType<SaveOrganisationInput>
{
    public SaveOrganisationInputGraphType()
    {
        Name = "SaveOrganisationInput";
        Field(i => i.OdsCode).Description("3 to 6 capital letters and digits (RNL, 01H, A81001), or LOCAL- and a local identifier with localIdentifier: true. The key: the organisation with this code is created or changed.");
        Field(i => i.Name);
        Field<NonNullGraphType<OrganisationTypeGraphType>>("type");
        Field(i => i.LocalIdentifier, nullable: true).Description("True for a LOCAL- identifier, and only then; false when omitted.");
        Field(i => i.Active, nullable: true).Description("False retires it (refused while it takes part in an incident not stood down), true brings it back; omitted keeps it as it is (a new one is active).");
        Field(i => i.Reason, nullable: true).Description("Why, kept in the audit trail.");
    }
}

public sealed class SaveResilienceGroupInputGraphType : InputObjectGraphType<SaveResilienceGroupInput>
{
    public SaveResilienceGroupInputGraphType()
    {
        Name = "SaveResilienceGroupInput";
        Field(i => i.Code).Description("2 to 32 capital letters, digits and hyphens, e.g. NCSRG. The key: the group with this code is created or changed.");
        Field(i => i.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("memberIds")
            .Description("Every member afterwards: organisations that exist and are active (a retired member may stay). Incidents already declared keep their participants.");
        Field(i => i.Reason, nullable: true).Description("Why, kept in the audit trail.");
    }
}

public sealed class OrganisationPayloadGraphType : ObjectGraphType<OrganisationResult>
{
    public OrganisationPayloadGraphType()
    {
        Name = "OrganisationPayload";
        Field<OrganisationGraphType>("organisation").Resolve(c => c.Source.Organisation);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class ResilienceGroupPayloadGraphType : ObjectGraphType<ResilienceGroupResult>
{
    public ResilienceGroupPayloadGraphType()
    {
        Name = "ResilienceGroupPayload";
        Field<ResilienceGroupGraphType>("group").Resolve(c => c.Source.Group);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class OrganisationMutationFields
{
    public static void AddOrganisationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<OrganisationPayloadGraphType>>("saveOrganisation")
            .Description("Creates or updates the organisation with this ODS code (or local identifier). Admins.")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<NonNullGraphType<SaveOrganisationInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<OrganisationSaves>()
                .SaveAsync(c.GetArgument<SaveOrganisationInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<ResilienceGroupPayloadGraphType>>("saveResilienceGroup")
            .Description("Creates or updates the group with this code and sets its members. Admins (a new group: admins of every group).")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<NonNullGraphType<SaveResilienceGroupInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<ResilienceGroupSaves>()
                .SaveAsync(c.GetArgument<SaveResilienceGroupInput>("input"), c.Actor(), c.CancellationToken));
    }
}
