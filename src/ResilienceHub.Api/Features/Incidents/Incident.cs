using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Incidents;

public static class IncidentLimits
{
    public const int ReferenceMaxLength = 64;
    public const int TitleMaxLength = 300;
    public const int KindMaxLength = 64;

    /// <summary>At most this many organisations report to one incident (a national incident has a few hundred).</summary>
    public const int MaxParticipants = 1_000;
}

public sealed class Incident
{
    public int Id { get; set; }

    public required string Reference { get; set; }

    public required string Title { get; set; }

    /// <summary>What kind of incident this is, e.g. INDUSTRIAL_ACTION; free text kept short.</summary>
    public required string Kind { get; set; }

    public int GroupId { get; set; }

    public ResilienceGroup? Group { get; set; }

    /// <summary>IANA time zone id; report times in the windows are local to it.</summary>
    public required string TimeZone { get; set; }

    public int CadenceMinutes { get; set; }

    public int GraceMinutes { get; set; }

    public List<IncidentWindow> Windows { get; set; } = [];

    public List<IncidentParticipant> Participants { get; set; } = [];

    public DateTime DeclaredAt { get; set; }

    public required string DeclaredBy { get; set; }

    public DateTime? StoodDownAt { get; set; }

    public string? StoodDownBy { get; set; }

    /// <summary>Each return needs signing off by a signatory of its organisation; fixed at declaration.</summary>
    public bool RequiresSignOff { get; set; }

    /// <summary>An exercise: every surface says so, its data is kept apart from live incidents', and it may be deleted once stood down.</summary>
    public bool Exercise { get; set; }

    /// <summary>The past incident this exercise replays; its schedule is then the source's, compressed (see <see cref="ReplaySpeed"/>).</summary>
    public int? ReplayOfId { get; set; }

    /// <summary>How many times faster than the source this exercise runs.</summary>
    public double? ReplaySpeed { get; set; }

    /// <summary>The instant the source's first opening maps to: the exercise's first return opens here.</summary>
    public DateTime? ReplayStartsAt { get; set; }
}

/// <summary>One local date of reporting, with its first and last report time (both inclusive).</summary>
public sealed class IncidentWindow
{
    public int IncidentId { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly FirstReportAt { get; set; }

    public TimeOnly LastReportAt { get; set; }
}

public sealed class IncidentParticipant
{
    public int IncidentId { get; set; }

    public int OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>In an exercise replaying another incident: people play this organisation, so none of its source's returns is injected.</summary>
    public bool Played { get; set; }
}
