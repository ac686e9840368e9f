using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Notifications;

/// <summary>What a return, as it was before and as it is now, has the group told.</summary>
public readonly record struct ReturnSignals(int OpelLevel, bool CriticalIncident, string? SupportRequested, bool Nil);

public static class ReturnEscalations
{
    /// <summary>
    /// The escalations a version raises against what the organisation said before (its previous return, or the version
    /// it corrects): OPEL 4 reached, a critical incident declared, a new ask for support. A nil return raises none.
    /// </summary>
    public static IEnumerable<NotificationTopic> Raised(ReturnSignals now, ReturnSignals? before)
    {
        if (now.Nil)
        {
            yield break;
        }

        if (now.OpelLevel == 4 && before is not { OpelLevel: 4, Nil: false })
        {
            yield return NotificationTopic.Opel4;
        }

        if (now.CriticalIncident && before is not { CriticalIncident: true, Nil: false })
        {
            yield return NotificationTopic.CriticalIncident;
        }

        if (!string.IsNullOrWhiteSpace(now.SupportRequested) && now.SupportRequested.Trim() != before?.SupportRequested?.Trim())
        {
            yield return NotificationTopic.SupportRequested;
        }
    }

    public static ReturnSignals Of(SitrepContent content) => new(content.OpelLevel, content.CriticalIncidentDeclared, content.SupportRequested, content.Nil);

    /// <summary>
    /// Adds, in the write's context, the group's notifications for what this version raised, the system's OPEL level
    /// included; keyed by the version, so each is written once however often the write is retried.
    /// </summary>
    public static async Task AddAsync(
        NotificationOutbox outbox, ResilienceDbContext db, IncidentView incident, OrganisationView organisation, ReportingPeriod period,
        ReturnSignals now, ReturnSignals? before, SystemOpelChange system, int version, CancellationToken cancellationToken)
    {
        foreach (var topic in Raised(now, before))
        {
            await outbox.AddAsync(db, incident, NotificationTexts.Escalation(incident, topic, organisation, period, now.SupportRequested, outbox.Link),
                Key(topic, incident, organisation, period, version), [], incident.GroupId, cancellationToken);
        }

        if (system is { Raised: true, Before: { } from, After: { } to })
        {
            await outbox.AddAsync(db, incident, NotificationTexts.SystemOpelRaised(incident, organisation, period, from, to, outbox.Link),
                Key(NotificationTopic.SystemOpelRaised, incident, organisation, period, version), [], incident.GroupId, cancellationToken);
        }
    }

    // The return's id is given at insert: the key names the organisation and period, which are unique with the version.
    private static string Key(NotificationTopic topic, IncidentView incident, OrganisationView organisation, ReportingPeriod period, int version) =>
        $"{TopicNames.ToGraphQL(topic)}:{incident.Id}:{organisation.Id}:{GraphQL.UserErrors.Instant(period.StartsAt)}:v{version}";
}
