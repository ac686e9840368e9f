using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.GraphQL;

/// <summary>
/// Who shares answers, and when the data changed. Callers with the same roles, organisations and groups are shown the
/// same things: the authorization rule and every scope check read nothing else of a token (a field that shows the
/// caller's own name says so to the request's <see cref="AnswerLifetime"/>). The data version is the audit trail's
/// highest id — every accepted write stores its audit entry in its own transaction, so it moves with every change, on
/// every instance at once — with this instance's reference-data generation, so that an answer computed from a copy a
/// change has since invalidated (a save here, or its event from another instance) is not given again. An answer of a
/// past instant outlives returns, corrections and sign-offs recorded after it: their audit entries carry the instant
/// their rows count from, and a replay of an earlier one does not see them; and it outlives the decision log's entries,
/// which no field of an instant shows. Any other accepted write counts as a change.
/// </summary>
internal sealed class AnswerSharing(IOptions<AccessOptions> access, IDbContextFactory<ResilienceDbContext> contexts, ReferenceDataCache referenceData)
    : IAnswerSharing
{
    // MAX of the key itself, which SQLite reads from the table's last row: a cast inside it would walk the whole trail.
    private static readonly Func<ResilienceDbContext, CancellationToken, Task<int?>> LastAuditEntry =
        EF.CompileAsyncQuery((ResilienceDbContext db, CancellationToken _) => db.AuditEntries.Max(a => (int?)a.Id));

    // The low bits of a data version are the reference-data generation's; the rest, the audit trail's highest id.
    private const int GenerationBits = 20;
    private const long GenerationMask = (1L << GenerationBits) - 1;

    // Whether an accepted write between two audit entries could change what is shown of state or of an instant. The
    // decision log is shown by no field marked as reading an instant (the log's own fields read it as it is now).
    private static readonly Func<ResilienceDbContext, int, int, DateTime, CancellationToken, Task<bool>> ChangedAsOf =
        EF.CompileAsyncQuery((ResilienceDbContext db, int after, int upTo, DateTime asOf, CancellationToken _) => db.AuditEntries.Any(a =>
            a.Id > after && a.Id <= upTo && a.Outcome == AuditOutcomes.Accepted
            && a.Action != AuditActions.RecordLogEntry && a.Action != AuditActions.CorrectLogEntry
            && !((a.Action == AuditActions.SubmitSitrep || a.Action == AuditActions.AmendSitrep || a.Action == AuditActions.SignOffSitrep) && a.OccurredAt > asOf)));

    public string? AudienceOf(HttpContext http)
    {
        var actor = Actor.From(http.User, access.Value, clientAddress: null);
        return actor.IsAnonymous ? null : JsonSerializer.Serialize(new[] { Sorted(actor.Roles), Sorted(actor.Organisations), Sorted(actor.Groups ?? []) });
    }

    public async ValueTask<long> DataVersionAsync(CancellationToken cancellationToken)
    {
        // Read before the audit trail: an invalidation in between makes the version older, never newer, than the copy.
        var generation = referenceData.Generation;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long lastEntry = await LastAuditEntry(db, cancellationToken) ?? 0;
        return (lastEntry << GenerationBits) + (generation & GenerationMask);
    }

    public async ValueTask<bool> UnchangedAsOfAsync(long since, long now, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        if ((since & GenerationMask) != (now & GenerationMask))
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return !await ChangedAsOf(db, (int)(since >> GenerationBits), (int)(now >> GenerationBits), asOf.UtcDateTime, cancellationToken);
    }

    /// <summary>The reference data is read from this instance's copy, which another instance's change reaches within its age.</summary>
    public DateTimeOffset? AnswersHoldAtMostUntil() => referenceData.CopyHoldsUntil;

    private static string[] Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];
}
