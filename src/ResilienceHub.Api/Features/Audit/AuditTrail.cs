using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>Writes audit entries. An accepted write adds its entry to the same SaveChanges, so neither exists without the other.</summary>
public sealed class AuditTrail(IDbContextFactory<ResilienceDbContext> contexts, TimeProvider time)
{
    /// <summary>
    /// An entry of now, or of <paramref name="at"/>: the instant a write stamps the rows it records with, so that the
    /// entry says when they count from (a replay of an earlier instant does not see them).
    /// </summary>
    public AuditEntry Entry(Actor actor, string action, string outcome, string? onBehalfOf = null, string? detail = null, DateTime? at = null) => new()
    {
        OccurredAt = at ?? time.GetUtcNow().UtcDateTime,
        Actor = actor.Name,
        ActorSubject = actor.Subject,
        Roles = string.Join(',', actor.Roles),
        OnBehalfOf = onBehalfOf,
        ClientAddress = actor.ClientAddress,
        Action = action,
        Outcome = outcome,
        Detail = detail is { Length: > AuditLimits.DetailMaxLength } ? detail[..AuditLimits.DetailMaxLength] : detail,
    };

    /// <summary>Records an entry on its own, for a write that stored nothing else.</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        // Kept even when the caller has gone: a refusal is recorded whether or not anyone reads the answer.
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
