using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>
/// One organisation's return for one reporting period. Its content lives in versions, which are
/// only ever added: a correction is a new version, never an update.
/// </summary>
public sealed class Sitrep
{
    public int Id { get; set; }

    public int IncidentId { get; set; }

    public int OrganisationId { get; set; }

    /// <summary>The report instant of the period (UTC); unique per incident and organisation.</summary>
    public DateTime PeriodStartsAt { get; set; }

    /// <summary>When the first version arrived; lateness is judged on it alone.</summary>
    public DateTime FirstSubmittedAt { get; set; }

    public bool Late { get; set; }

    /// <summary>The newest version number; also the optimistic concurrency token for amendments.</summary>
    public int CurrentVersion { get; set; }

    public List<SitrepVersion> Versions { get; set; } = [];
}

public sealed class SitrepVersion
{
    /// <summary>
    /// The row for a version of <paramref name="content"/>: how what was sent maps to a version, for a submission and
    /// the demo seeder alike.
    /// </summary>
    public static SitrepVersion Of(
        int organisationId, int version, DateTime submittedAt, string submittedBy, string? onBehalfOf, string? reason, SitrepContent content,
        Func<string, int> measureIdOf) => new()
        {
            OrganisationId = organisationId,
            Version = version,
            SubmittedAt = submittedAt,
            SubmittedBy = submittedBy,
            OnBehalfOf = onBehalfOf,
            OpelLevel = content.OpelLevel,
            CriticalIncidentDeclared = content.CriticalIncidentDeclared,
            KeyIssues = content.KeyIssues,
            Mitigations = content.Mitigations,
            SupportRequested = content.SupportRequested,
            AmendmentReason = reason,
            Nil = content.Nil,
            Values = [.. content.Measures.Select(m => new SitrepValue { MeasureId = measureIdOf(m.Code), Value = m.Value })],
        };

    public int Id { get; set; }

    public int SitrepId { get; set; }

    public Sitrep? Sitrep { get; set; }

    /// <summary>The return's organisation, kept on each version so that idempotency keys are unique per organisation.</summary>
    public int OrganisationId { get; set; }

    public int Version { get; set; }

    public DateTime SubmittedAt { get; set; }

    /// <summary>Who sent this version (a person or a trust's system).</summary>
    public required string SubmittedBy { get; set; }

    /// <summary>Set when someone outside the organisation (e.g. the director, by phone) submitted for it.</summary>
    public string? OnBehalfOf { get; set; }

    public int OpelLevel { get; set; }

    public bool CriticalIncidentDeclared { get; set; }

    public string? KeyIssues { get; set; }

    public string? Mitigations { get; set; }

    public string? SupportRequested { get; set; }

    /// <summary>Why this version replaced the previous one; null on the first version.</summary>
    public string? AmendmentReason { get; set; }

    /// <summary>A nil return: the organisation is not affected this period, and the version carries no values.</summary>
    public bool Nil { get; set; }

    /// <summary>The client's retry key, unique within the organisation; a replay with the same key returns this version.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>A hash of the submitted content, to tell a true replay from a reused key.</summary>
    public string? ContentHash { get; set; }

    public List<SitrepValue> Values { get; set; } = [];
}

/// <summary>
/// A signatory's sign-off of one version of a return, kept beside the versions and, like them, only ever added: an
/// amendment is a new version, which awaits a sign-off of its own.
/// </summary>
public sealed class SitrepSignOff
{
    public int Id { get; set; }

    /// <summary>The return's incident, kept here so that the dashboard's ledger reads an incident's sign-offs by their own key.</summary>
    public int IncidentId { get; set; }

    public int SitrepId { get; set; }

    public Sitrep? Sitrep { get; set; }

    public int OrganisationId { get; set; }

    /// <summary>The version signed off; at most one sign-off each.</summary>
    public int Version { get; set; }

    public DateTime SignedOffAt { get; set; }

    /// <summary>The signatory's name, as in its token.</summary>
    public required string SignedOffBy { get; set; }
}

public sealed class SitrepValue
{
    public int SitrepVersionId { get; set; }

    public int MeasureId { get; set; }

    public int Value { get; set; }
}

public static class SitrepVersionLimits
{
    public const int FreeTextMaxLength = 2000;
    public const int ReasonMaxLength = 500;
    public const int IdempotencyKeyMaxLength = Idempotency.KeyMaxLength;
}
