using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Features.Audit;

/// <summary>
/// One write, or one refused attempt to write, as the audit trail keeps it: who, on whose behalf, when, from
/// which client address, and what. Entries are only ever added, and nothing in the API changes them.
/// </summary>
public sealed class AuditEntry
{
    public int Id { get; set; }

    public DateTime OccurredAt { get; set; }

    public required string Actor { get; set; }

    /// <summary>The subject of the actor's token (its identity; the name is only what it is called); null when anonymous.</summary>
    public string? ActorSubject { get; set; }

    /// <summary>The actor's roles, comma-separated, as its token stated them.</summary>
    public required string Roles { get; set; }

    /// <summary>The ODS code of the organisation the write was for, if any.</summary>
    public string? OnBehalfOf { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>What was attempted: one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>ACCEPTED; FORBIDDEN when the actor may not do it; REFUSED when what was sent was invalid (nothing stored).</summary>
    public required string Outcome { get; set; }

    public int? IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public int? SitrepId { get; set; }

    public Sitrep? Sitrep { get; set; }

    /// <summary>The version a submission or amendment wrote.</summary>
    public int? Version { get; set; }

    /// <summary>What a reader needs besides the above, e.g. the period of a return or why a write was refused.</summary>
    public string? Detail { get; set; }
}

public static class AuditActions
{
    public const string SubmitSitrep = "SUBMIT_SITREP";
    public const string AmendSitrep = "AMEND_SITREP";
    public const string SignOffSitrep = "SIGN_OFF_SITREP";
    public const string DeclareIncident = "DECLARE_INCIDENT";
    public const string StandDownIncident = "STAND_DOWN_INCIDENT";
    public const string DeleteExercise = "DELETE_EXERCISE";
    public const string SaveOrganisation = "SAVE_ORGANISATION";
    public const string SaveGroup = "SAVE_GROUP";
    public const string SaveMeasure = "SAVE_MEASURE";
    public const string SaveContact = "SAVE_CONTACT";
    public const string RemoveContact = "REMOVE_CONTACT";

    public const string RecordLogEntry = "RECORD_LOG_ENTRY";
    public const string CorrectLogEntry = "CORRECT_LOG_ENTRY";
    public const string RaiseAction = "RAISE_ACTION";
    public const string UpdateAction = "UPDATE_ACTION";

    /// <summary>The seed files changed the reference data or added the demo incident.</summary>
    public const string Seed = "SEED";

    /// <summary>An incident, or something of one, asked for by id from outside the caller's groups (answered as absent).</summary>
    public const string ReadIncident = "READ_INCIDENT";

    /// <summary>A document refused before it ran whose first write is none of the above (e.g. a field the schema lacks).</summary>
    public const string UnknownWrite = "UNKNOWN_WRITE";

    /// <summary>Anonymous callers' refused attempts to write, counted over a minute into one entry.</summary>
    public const string AnonymousWrites = "ANONYMOUS_WRITES";
}

public static class AuditOutcomes
{
    public const string Accepted = "ACCEPTED";
    public const string Forbidden = "FORBIDDEN";
    public const string Refused = "REFUSED";
}

public static class AuditLimits
{
    public const int DetailMaxLength = 1000;
}
