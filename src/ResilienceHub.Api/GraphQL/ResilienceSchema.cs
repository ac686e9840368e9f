using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.GraphQL;

public sealed class ResilienceSchema : Schema
{
    public ResilienceSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = "ResilienceHub: hourly situation reports from the organisations of a system resilience group during an incident.";
        // Our DateTime (UTC with Z) and Date (local yyyy-MM-dd) replace GraphQL.NET's built-ins of the same names.
        RegisterTypeMapping(typeof(DateTime), typeof(UtcDateTimeGraphType));
        RegisterTypeMapping(typeof(DateOnly), typeof(LocalDateGraphType));
        // Every field needs a signed-in caller with one of the roles; mutations narrow it further.
        this.AuthorizeWithRoles(Roles.All);
    }
}

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddOrganisationQueries();
        this.AddMeasureQueries();
        this.AddIncidentQueries();
        this.AddSitrepQueries();
        this.AddViewerQuery();
        this.AddAuditQueries();
        this.AddNodeQueries();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddSitrepMutations();
        this.AddIncidentMutations();
        this.AddExerciseMutations();
        this.AddLogMutations();
        this.AddOrganisationMutations();
        this.AddMeasureMutations();
        this.AddNotificationMutations();
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live updates over WebSocket (graphql-transport-ws) at /graphql.";
        this.AddSitrepSubscriptions();
        this.AddDashboardSubscriptions();
        this.AddLogSubscriptions();
    }
}
