using System.Globalization;
using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Measures;

public sealed class SaveMeasureInputGraphType : InputObjectGraphType<SaveMeasureInput>
{
    public SaveMeasureInputGraphType()
    {
        Name = "SaveMeasureInput";
        Description = "The whole of the measure's next revision.";
        Field(i => i.Code).Description("Capital letters, digits and underscores, e.g. ELECTIVE_OPS_POSTPONED. The key: the measure with this code is created or revised.");
        Field(i => i.Name);
        Field(i => i.Unit).Description("What it counts, e.g. operations.");
        Field<NonNullGraphType<MeasureKindGraphType>>("kind").Description("Fixed once a return carries the measure.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("appliesTo").Description("The organisation types that report it; at least one.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("requiredFor").Description("Of those, the types whose returns must carry it.");
        Field(i => i.MustNotExceed, nullable: true).Description("Code of a current measure, reported by every type this one is, that this one may not exceed in the same return; none when omitted.");
        Field(i => i.WarningAbove, nullable: true).Description("A value above this raises a warning alert; none when omitted.");
        Field(i => i.CriticalAbove, nullable: true).Description("A value above this raises a critical alert, at or above warningAbove; none when omitted.");
        Field(i => i.MaxValue, nullable: true).Description($"The largest value a return may carry, 1 to {Measure.LargestMaxValue.ToString("N0", CultureInfo.InvariantCulture)}; omitted keeps it ({Measure.DefaultMaxValue.ToString("N0", CultureInfo.InvariantCulture)} for a new measure).");
        Field(i => i.Retired, nullable: true).Description("True retires it (not asked for nor accepted in new returns), false brings it back; omitted keeps it.");
        Field(i => i.Reason).Description("Why: kept with the revision.");
    }
}

public sealed class MeasurePayloadGraphType : ObjectGraphType<MeasureResult>
{
    public MeasurePayloadGraphType()
    {
        Name = "MeasurePayload";
        Field<MeasureGraphType>("measure").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class MeasureMutationFields
{
    public static void AddMeasureMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<MeasurePayloadGraphType>>("saveMeasure")
            .Description("Creates a measure or adds a revision to it. A measure's kind never changes once a return carries it. Admins of every group.")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<NonNullGraphType<SaveMeasureInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<MeasureSaves>()
                .SaveAsync(c.GetArgument<SaveMeasureInput>("input"), c.Actor(), c.CancellationToken));
}
