using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Organisations;

internal static class OrganisationQueries
{
    public static void AddOrganisationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationGraphType>>>>("organisations")
            .Description("Every organisation, by name; optionally only those of one type.")
            .Argument<OrganisationTypeGraphType>("type")
            .ResolveAsync(async c =>
            {
                var type = c.GetArgument<OrganisationType?>("type");
                var reference = await c.ReferenceDataAsync();
                return reference.Organisations.Where(o => type is null || o.Type == type);
            });

        query.Field<OrganisationGraphType>("organisation")
            .Description("One organisation by id or by ODS code (or local identifier).")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("odsCode")
            .ResolveAsync(async c =>
            {
                var reference = await c.ReferenceDataAsync();
                if (c.IdArgument("id") is { } id)
                {
                    return reference.OrganisationsById.GetValueOrDefault(id);
                }

                return c.GetArgument<string?>("odsCode") is { } odsCode
                    ? reference.OrganisationsByOdsCode.GetValueOrDefault(odsCode)
                    : null;
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResilienceGroupGraphType>>>>("resilienceGroups")
            .ResolveAsync(async c => (await c.ReferenceDataAsync()).Groups);
    }
}
