using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;

using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Incidents;

public sealed class ReportingWindowInputGraphType : InputObjectGraphType<ReportingWindowInput>
{
    public ReportingWindowInputGraphType()
    {
        Name = "ReportingWindowInput";
        Description = "One local date of reporting; report times are local \"HH:mm\", both inclusive.";
        Field<NonNullGraphType<LocalDateGraphType>>("date");
        Field(w => w.FirstReportAt);
        Field(w => w.LastReportAt);
    }
}

public sealed class DeclareIncidentInputGraphType : InputObjectGraphType<DeclareIncidentInput>
{
    public DeclareIncidentInputGraphType()
    {
        Name = "DeclareIncidentInput";
        Field(i => i.Reference).Description("Unique, up to 64 characters, e.g. NCSRG-2016-04-JDIA.");
        Field(i => i.Title);
        Field<NonNullGraphType<IdGraphType>>("groupId");
        Field(i => i.TimeZone).Description("IANA time zone id, e.g. Europe/London; report times are local to it.");
        Field(i => i.CadenceMinutes);
        Field(i => i.GraceMinutes).Description("How long after each report time a return is on time; shorter than the cadence.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportingWindowInputGraphType>>>>("windows");
        Field(i => i.Kind, nullable: true).Description("A short upper-case code, e.g. INDUSTRIAL_ACTION; OTHER when omitted.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("participantIds").Description("The organisations that report; the group's members when omitted.");
        Field(i => i.RequiresSignOff, nullable: true)
            .Description("Each return then awaits sign-off by a signatory of its organisation until signed off; false when omitted. Fixed at declaration.");
        Field(i => i.Exercise, nullable: true)
            .Description("An exercise: every surface says so and its data is kept apart from live incidents'; false when omitted. Fixed at declaration.");
    }
}

public sealed class IncidentPayloadGraphType : ObjectGraphType<IncidentResult>
{
    public IncidentPayloadGraphType()
    {
        Name = "IncidentPayload";
        Field<IncidentGraphType>("incident").Resolve(c => c.Source.Incident);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class IncidentMutationFields
{
    public static void AddIncidentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IncidentPayloadGraphType>>("declareIncident")
            .Description("Declares an incident and its reporting schedule: PLANNED until its first window opens, then ACTIVE. Directors only.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<DeclareIncidentInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<IncidentDeclarations>()
                .DeclareAsync(c.GetArgument<DeclareIncidentInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<IncidentPayloadGraphType>>("standDownIncident")
            .Description("Stands an incident down: it takes no new returns from now on. Directors only.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<IncidentDeclarations>()
                .StandDownAsync(c.GetArgument<string>("incidentId"), c.Actor(), c.CancellationToken));
    }
}
