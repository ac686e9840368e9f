using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>What one version does to the system's OPEL level: the level without it and with it, at the instant it counts.</summary>
public readonly record struct SystemOpelChange(int? Before, int? After)
{
    /// <summary>Raised: from a level the system had to a higher one (the first return gives the system a level; it raises none).</summary>
    public bool Raised => Before is { } before && After > before;
}

/// <summary>The system's OPEL level, as the dashboard shows it.</summary>
public static class SystemOpel
{
    /// <summary>The highest level among the organisations' latest returns; none before any return.</summary>
    public static int? Of(IEnumerable<SitrepView?> latestReturns) => latestReturns.Max(r => r?.OpelLevel);

    /// <summary>
    /// The level the dashboard shows with and without a version not yet in the ledger, at the instant the version counts:
    /// now, or when its period starts for a return sent early (a latest return is one whose period has started). A new
    /// return has no id until it is stored; any id the ledger does not hold stands for it.
    /// </summary>
    public static SystemOpelChange With(IncidentView incident, IncidentLedger ledger, SitrepView version, DateTime now)
    {
        var instant = ScheduleInstant.Of(incident.Schedule, version.PeriodStartsAt > now ? version.PeriodStartsAt : now);
        var others = incident.ParticipantIds.Where(id => id != version.OrganisationId).Select(id => ledger.Of(id).PictureAt(instant).Latest).ToList();
        var own = ledger.Of(version.OrganisationId);
        var level = Of(others.Append(own.PictureAt(instant).Latest));
        if (own.ForPeriod(PeriodIndex.Of(incident.Schedule, version.PeriodStartsAt)) is { } held && held.SitrepId != version.Id)
        {
            // A second return for the period, which its unique key refuses: it changes nothing.
            return new(level, level);
        }

        var after = ledger.Apply([version]).Of(version.OrganisationId).PictureAt(instant).Latest;
        return new(level, Of(others.Append(after)));
    }
}
