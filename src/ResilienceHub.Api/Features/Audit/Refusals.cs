using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.Authorization;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>
/// What one request was refused (an HTTP request, or one operation or event on a WebSocket: a DI scope each): writes
/// that were invalid or forbidden, and reads of another group's incident by its id. Each is counted by its codes and
/// logged in one line as it happens, and all of them are kept for the single audit entry <see cref="RefusalAudit"/>
/// writes when the request ends, however many fields of the document were refused.
/// </summary>
public sealed partial class Refusals(AuditTrail audit, ResilienceMetrics metrics, AnswerLifetime answer, ILogger<Refusals> logger)
{
    private readonly List<AuditEntry> _entries = [];

    /// <summary>A write that failed validation: nothing was stored.</summary>
    public void Refused(Actor actor, string action, IReadOnlyList<UserError> errors, int? incidentId = null, string? onBehalfOf = null)
    {
        var codes = string.Join(", ", errors.Select(e => e.Code).Distinct());
        foreach (var error in errors)
        {
            metrics.ValidationRefused(error.Code);
        }

        LogRefused(logger, action, codes, actor.Name);
        Add(actor, action, AuditOutcomes.Refused, incidentId, null, onBehalfOf, codes);
    }

    /// <summary>A write the actor may not make, or a read of something outside its scope.</summary>
    public void Forbidden(Actor actor, string action, string detail, int? incidentId = null, int? sitrepId = null, string? onBehalfOf = null)
    {
        metrics.ValidationRefused(AuthorizationError.NotAuthorized);
        LogForbidden(logger, action, actor.Name);
        Add(actor, action, AuditOutcomes.Forbidden, incidentId, sitrepId, onBehalfOf, detail);
    }

    /// <summary>Everything refused so far, once: the request's audit entry is written from it.</summary>
    internal List<AuditEntry> Take()
    {
        lock (_entries)
        {
            var taken = _entries.ToList();
            _entries.Clear();
            return taken;
        }
    }

    internal void Add(AuditEntry entry)
    {
        // Each refusal is kept, so an answer that holds one is computed afresh for every request.
        answer.NotShared();
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    private void Add(Actor actor, string action, string outcome, int? incidentId, int? sitrepId, string? onBehalfOf, string detail)
    {
        var entry = audit.Entry(actor, action, outcome, onBehalfOf, detail);
        (entry.IncidentId, entry.SitrepId) = (incidentId, sitrepId);
        Add(entry);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} by {Actor} was refused: {Codes}")]
    private static partial void LogRefused(ILogger logger, string action, string codes, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Action} by {Actor} was forbidden")]
    private static partial void LogForbidden(ILogger logger, string action, string actor);
}
