using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Organisations;

/// <summary>The organisations and groups as fields of Query (the EF query shapes live in ReferenceDataQueries).</summary>
internal static class OrganisationQueryFields
{
    public static void AddOrganisationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationGraphType>>>>("organisations")
            .Description("Every organisation, by name, retired ones included (see active); optionally only those of one type.")
            .Argument<OrganisationTypeGraphType>("type")
            .ResolveFromReferenceData((reference, c) =>
                c.GetArgument<OrganisationType?>("type") is { } type ? reference.Organisations.Where(o => o.Type == type) : reference.Organisations);

        query.Field<OrganisationGraphType>("organisation")
            .Description("One organisation by id or by ODS code (or local identifier).")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("odsCode")
            .ResolveFromReferenceData((reference, c) =>
                c.IdArgument("id", NodeTypes.Organisation) is { } id ? reference.OrganisationsById.GetValueOrDefault(id)
                : c.GetArgument<string?>("odsCode") is { } odsCode ? reference.OrganisationsByOdsCode.GetValueOrDefault(odsCode)
                : null);

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResilienceGroupGraphType>>>>("resilienceGroups")
            .Description("The groups the caller acts in, or that its organisations belong to.")
            .ResolveFromReferenceData((reference, c) => reference.Groups.Where(g => c.Actor().MaySee(g, reference)));
    }
}
