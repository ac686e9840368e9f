using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.Features.Access;

public sealed class ViewerGraphType : ObjectGraphType<Actor>
{
    public ViewerGraphType()
    {
        Name = "Viewer";
        Description = "The caller, as its token describes it.";
        Field(a => a.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles").Resolve(c => c.Source.Roles);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationGraphType>>>>("organisations")
            .Description("The organisations the caller reports for.")
            .ResolveFromReferenceData((reference, c) =>
                c.Source.Organisations.Select(ods => reference.OrganisationsByOdsCode.GetValueOrDefault(ods)).OfType<OrganisationView>());
    }
}

internal static class ViewerQueryFields
{
    public static void AddViewerQuery(this ObjectGraphType query) =>
        query.Field<ViewerGraphType>("viewer")
            .Description("Who the caller is; null for an anonymous caller.")
            .AllowAnonymous()
            .Resolve(c =>
            {
                // The caller's own name: an answer that shows it is the caller's alone.
                c.Service<AnswerLifetime>().NotShared();
                return c.User?.Identity?.IsAuthenticated == true ? c.Actor() : null;
            });
}
