using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;

using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Sitreps;

public sealed class MeasureValueInputGraphType : InputObjectGraphType<MeasureValueInput>
{
    public MeasureValueInputGraphType()
    {
        Name = "MeasureValueInput";
        Field(m => m.Code);
        Field(m => m.Value);
    }
}

public sealed class SubmitSitrepInputGraphType : InputObjectGraphType<SubmitSitrepInput>
{
    public SubmitSitrepInputGraphType()
    {
        Name = "SubmitSitrepInput";
        Field<NonNullGraphType<IdGraphType>>("incidentId");
        Field<NonNullGraphType<IdGraphType>>("organisationId");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("periodStartsAt").Description("The period's startsAt: the report time this return is \"as at\".");
        Field(i => i.OpelLevel).Description("1 to 4.");
        Field(i => i.CriticalIncidentDeclared);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureValueInputGraphType>>>>("measures");
        Field(i => i.KeyIssues, nullable: true);
        Field(i => i.Mitigations, nullable: true);
        Field(i => i.SupportRequested, nullable: true).Description("A mutual-aid ask, if any.");
        Field(i => i.IdempotencyKey, nullable: true).Description("A key of the client's (e.g. a UUID): retrying with it returns the first result instead of a second return.");
        Field(i => i.Nil, nullable: true).Description("A nil return: the organisation is not affected this period. It carries no measures (send measures: []); OPEL is still required.");
    }
}

public sealed class AmendSitrepInputGraphType : InputObjectGraphType<AmendSitrepInput>
{
    public AmendSitrepInputGraphType()
    {
        Name = "AmendSitrepInput";
        Field<NonNullGraphType<IdGraphType>>("sitrepId");
        Field(i => i.ExpectedVersion).Description("The version being corrected; if someone has corrected it since, the amendment is refused with VERSION_CONFLICT.");
        Field(i => i.Reason).Description("Why the return is being corrected.");
        Field(i => i.OpelLevel);
        Field(i => i.CriticalIncidentDeclared);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureValueInputGraphType>>>>("measures");
        Field(i => i.KeyIssues, nullable: true);
        Field(i => i.Mitigations, nullable: true);
        Field(i => i.SupportRequested, nullable: true);
        Field(i => i.IdempotencyKey, nullable: true);
        Field(i => i.Nil, nullable: true).Description("The corrected return is a nil return (no measures); false turns a nil return into a full one.");
    }
}

public sealed class SubmitSitrepPayloadGraphType : ObjectGraphType<SitrepResult>
{
    public SubmitSitrepPayloadGraphType()
    {
        Name = "SubmitSitrepPayload";
        Field<SitrepGraphType>("sitrep").Resolve(c => c.Source.Sitrep);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
        Field<SitrepGraphType>("existingSitrep")
            .Description("When the period already has a return (ALREADY_SUBMITTED): that return, to amend instead.")
            .Resolve(c => c.Source.ExistingSitrepId is { } id ? c.Service<CurrentSitrepLoader>().Load(id) : null);
    }
}

public sealed class AmendSitrepPayloadGraphType : ObjectGraphType<SitrepResult>
{
    public AmendSitrepPayloadGraphType()
    {
        Name = "AmendSitrepPayload";
        Field<SitrepGraphType>("sitrep").Resolve(c => c.Source.Sitrep);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class SitrepMutationFields
{
    public static void AddSitrepMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SubmitSitrepPayloadGraphType>>("submitSitrep")
            .Description("Sends an organisation's return for one period. Late returns are accepted and marked late. Reporters and signatories for their own organisations (a signatory's is signed off as sent); directors for any.")
            .AuthorizeWithRoles(Roles.Reporter, Roles.Signatory, Roles.Director)
            .Argument<NonNullGraphType<SubmitSitrepInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<SitrepSubmissions>()
                .SubmitAsync(c.GetArgument<SubmitSitrepInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<AmendSitrepPayloadGraphType>>("amendSitrep")
            .Description("Corrects a return by adding a new version with a reason; earlier versions stay readable. Reporters and signatories for their own organisations (a signatory's is signed off as sent); directors for any.")
            .AuthorizeWithRoles(Roles.Reporter, Roles.Signatory, Roles.Director)
            .Argument<NonNullGraphType<AmendSitrepInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<SitrepSubmissions>()
                .AmendAsync(c.GetArgument<AmendSitrepInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<AmendSitrepPayloadGraphType>>("signOffSitrep")
            .Description("Signs off one version of a return; an amendment needs signing off again. Signatories of the organisation, in an incident that requires sign-off.")
            .AuthorizeWithRoles(Roles.Signatory)
            .Argument<NonNullGraphType<IdGraphType>>("sitrepId")
            .Argument<NonNullGraphType<IntGraphType>>("version", "The version signed off: the return's current one (VERSION_CONFLICT otherwise).")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<SitrepSubmissions>()
                .SignOffAsync(c.GetArgument<string>("sitrepId"), c.GetArgument<int>("version"), c.Actor(), c.CancellationToken));
    }
}
