using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Exercises;

public sealed class StartReplayExerciseInputGraphType : InputObjectGraphType<StartReplayExerciseInput>
{
    public StartReplayExerciseInputGraphType()
    {
        Name = "StartReplayExerciseInput";
        Field<NonNullGraphType<IdGraphType>>("sourceIncidentId").Description("The past incident to replay, of one of the caller's groups.");
        Field(i => i.Reference).Description("Unique, up to 64 characters, e.g. EX-2030-01-JDIA.");
        Field(i => i.Title);
        Field(i => i.Speed).Description("1 to 60: how many times faster than the source; a period must last at least a minute.");
        Field<UtcDateTimeGraphType>("startsAt").Description("Default: now. When the exercise's first return opens; not in the past.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("playedOrganisationIds").Description("Organisations played by people: their returns are not injected.");
    }
}

public sealed class DeleteExercisePayloadGraphType : ObjectGraphType<DeleteExerciseResult>
{
    public DeleteExercisePayloadGraphType()
    {
        Name = "DeleteExercisePayload";
        Field(r => r.Deleted);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

internal static class ExerciseMutationFields
{
    public static void AddExerciseMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IncidentPayloadGraphType>>("startReplayExercise")
            .Description("Starts an exercise that replays a past incident's returns, speed times faster, as a new incident. Directors.")
            .AuthorizeWithRoles(Roles.Director)
            .Argument<NonNullGraphType<StartReplayExerciseInputGraphType>>("input")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<ExerciseStarts>()
                .StartReplayAsync(c.GetArgument<StartReplayExerciseInput>("input"), c.Actor(), c.CancellationToken));

        mutation.Field<NonNullGraphType<DeleteExercisePayloadGraphType>>("deleteExercise")
            .Description("Deletes a stood-down exercise and everything in it. Admins. A live incident is never deleted.")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .TracedAsDatabaseWork().ResolveAsync(async c => await c.Service<ExerciseDeletions>()
                .DeleteAsync(c.GetArgument<string>("incidentId"), c.GetArgument<string>("reason"), c.Actor(), c.CancellationToken));
    }
}
