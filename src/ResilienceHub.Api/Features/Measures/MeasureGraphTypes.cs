using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

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
        this.ReadsAsOf();
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
        Field(m => m.Retired).Description("True once retired: not asked for nor accepted in new returns; old returns still show their values.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureRevisionGraphType>>>>("history")
            .Description("Every revision, oldest first; validation and alerts use the revision in force at the time.")
            .ResolveFromReferenceData((reference, c) => reference.HistoryOf(c.Source.Id));
    }
}

public sealed class MeasureRevisionGraphType : ObjectGraphType<MeasureRevisionView>
{
    public MeasureRevisionGraphType()
    {
        Name = "MeasureRevision";
        Description = "One revision of a measure: what it said from changedAt on, who made it and why.";
        Field(r => r.Revision).Description("1 for the first, then one more for each change.");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("changedAt").Resolve(c => c.Source.ChangedAt);
        Field(r => r.ChangedBy).Description("The name in the admin's token, or \"Seed data\" for the seed files.");
        Field(r => r.Reason);
        Field(r => r.Name);
        Field(r => r.Unit);
        Field<NonNullGraphType<MeasureKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("appliesTo").Resolve(c => c.Source.AppliesTo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationTypeGraphType>>>>("requiredFor").Resolve(c => c.Source.RequiredFor);
        Field(r => r.MustNotExceed, nullable: true);
        Field(r => r.WarningAbove, nullable: true);
        Field(r => r.CriticalAbove, nullable: true);
        Field(r => r.MaxValue);
        Field(r => r.Retired);
    }
}

internal static class MeasureQueryFields
{
    public static void AddMeasureQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureGraphType>>>>("measures")
            .Description("The measure catalogue in its own order, retired measures included; optionally only those a return from one organisation type is asked for now (none retired).")
            .Argument<OrganisationTypeGraphType>("organisationType")
            .ResolveFromReferenceData((reference, c) =>
                c.GetArgument<OrganisationType?>("organisationType") is { } type ? reference.MeasuresAskedOf(type) : reference.Measures);
}
