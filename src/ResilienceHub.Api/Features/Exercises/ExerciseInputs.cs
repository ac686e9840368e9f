namespace ResilienceHub.Api.Features.Exercises;

public sealed record StartReplayExerciseInput(
    string SourceIncidentId,
    string Reference,
    string Title,
    double Speed,
    DateTime? StartsAt = null,
    IReadOnlyList<string>? PlayedOrganisationIds = null);

/// <summary>The outcome of deleting an exercise: whether it went, or every reason it did not.</summary>
public sealed record DeleteExerciseResult(bool Deleted, IReadOnlyList<GraphQL.UserError> Errors);
