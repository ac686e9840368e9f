using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Measures;

public sealed class MeasureKindGraphType : EnumerationGraphType<MeasureKind>
{
    public MeasureKindGraphType() => Name = "MeasureKind";
}

public sealed class MeasureGraphType : ObjectGraphType<MeasureView>
{
    public MeasureGraphType()
    {
        Name = "Measure";
        Field(m => m.Code);
        Field(m => m.Name);
        Field(m => m.Unit);
        Field<NonNullGraphType<MeasureKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("appliesTo").Resolve(c => c.Source.AppliesTo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("requiredFor").Resolve(c => c.Source.RequiredFor);
        Field(m => m.MustNotExceed, nullable: true)
            .Description("Code of the measure this one may not exceed in the same return.");
        Field(m => m.WarningAbove, nullable: true).Description("A value above this raises a warning alert.");
        Field(m => m.CriticalAbove, nullable: true).Description("A value above this raises a critical alert.");
        Field(m => m.MaxValue).Description("The largest value a return may carry: a ceiling against slips of the keyboard.");
    }
}

internal static class MeasureQueryFields
{
    public static void AddMeasureQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureGraphType>>>>("measures")
            .Description("The measure catalogue in its own order; optionally only the measures for one organisation type.")
            .Argument<OrganisationTypeGraphType>("organisationType")
            .ResolveFromReferenceData((reference, c) =>
                c.GetArgument<OrganisationType?>("organisationType") is { } type ? reference.MeasuresFor(type) : reference.Measures);
}
