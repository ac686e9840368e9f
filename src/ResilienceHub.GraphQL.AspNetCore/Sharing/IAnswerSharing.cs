using Microsoft.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// What an app tells the endpoint so that callers who may see the same things share one execution of the same query:
/// who sees what, and when the stored data last changed. Register one to share answers (see
/// <see cref="GraphQLHttpBuilderExtensions.AddSharedAnswers{TSharing}"/>).
/// </summary>
public interface IAnswerSharing
{
    /// <summary>
    /// What the caller may see, as a key: two callers with the same key must be given the same answer to the same
    /// request (so it names their roles and scopes, not who they are). Null shares nothing with anyone.
    /// </summary>
    string? AudienceOf(HttpContext http);

    /// <summary>
    /// A number that changes whenever anything an answer could show changes, read where every instance reads it (the
    /// database), so that a write acknowledged on one instance is seen by the next read on any.
    /// </summary>
    ValueTask<long> DataVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asked before a request executes: the latest any answer it gives may hold, whatever its resolvers say (data the app
    /// keeps in memory, not read afresh each time, bounds it); null for no bound.
    /// </summary>
    DateTimeOffset? AnswersHoldAtMostUntil();

    /// <summary>
    /// Whether nothing written between data versions <paramref name="since"/> and <paramref name="now"/> can change state
    /// or what was recorded up to <paramref name="asOf"/>: then an answer of that instant (<see cref="AnswerLifetime.AsOf"/>)
    /// kept at <paramref name="since"/> is still the answer at <paramref name="now"/>. False, as here, when the app cannot tell.
    /// </summary>
    ValueTask<bool> UnchangedAsOfAsync(long since, long now, DateTimeOffset asOf, CancellationToken cancellationToken) => new(false);
}
