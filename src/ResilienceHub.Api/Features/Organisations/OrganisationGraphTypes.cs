using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.Features.Organisations;

public sealed class OrganisationTypeGraphType : EnumerationGraphType<OrganisationType>
{
    public OrganisationTypeGraphType() => Name = "OrganisationType";

    // CONSTANT_CASE would read NHS111; the contract spells it NHS_111.
    protected override string ChangeEnumCase(string val) =>
        val == nameof(OrganisationType.Nhs111) ? "NHS_111" : base.ChangeEnumCase(val);
}

public sealed class OrganisationGraphType : ObjectGraphType<OrganisationView>
{
    public OrganisationGraphType()
    {
        Name = "Organisation";
        // Reference data. Its contacts are state too (each change is a write of its own), but the contact type makes no
        // promise: a document that asks for them reads the present.
        this.ReadsAsOf();
        Interface<NodeGraphType>();
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(NodeTypes.Organisation, c.Source.Id));
        Field(o => o.OdsCode).Description("The ODS code, or a local identifier (prefixed LOCAL-) where there is none.");
        Field(o => o.Name);
        Field<NonNullGraphType<OrganisationTypeGraphType>>("type").Resolve(c => c.Source.Type);
        Field(o => o.LocalIdentifier).Description("True when odsCode is a local identifier rather than an ODS code.");
        Field(o => o.Active).Description("False once retired: no longer offered for new incidents; history stays readable.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResilienceGroupGraphType>>>>("groups")
            .Description("The groups it belongs to that the caller sees, by name.")
            .ResolveFromReferenceData((reference, c) =>
            {
                var actor = c.Actor();
                return reference.GroupsOf(c.Source.Id).Where(g => actor.MaySee(g, reference));
            });
        this.AddContactsField();
    }
}

public sealed class ResilienceGroupGraphType : ObjectGraphType<ResilienceGroupView>
{
    public ResilienceGroupGraphType()
    {
        Name = "ResilienceGroup";
        this.ReadsAsOf();
        Interface<NodeGraphType>();
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(NodeTypes.ResilienceGroup, c.Source.Id));
        Field(g => g.Code);
        Field(g => g.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationGraphType>>>>("members")
            .ResolveFromReferenceData((reference, c) =>
                c.Source.MemberIds.Select(id => reference.OrganisationsById[id]).OrderBy(o => o.Name, StringComparer.Ordinal));
        this.AddContactsField();
    }
}
