using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResilienceHub.Api.Data.Seeding;

// The shapes of the files under seeds/. Every property is nullable here so that a missing
// value is reported by validation with the file and entry, not by the JSON reader.

internal sealed record OrganisationsFile(List<OrganisationSeed?>? Organisations);

internal sealed record OrganisationSeed(string? OdsCode, string? Name, string? Type, bool? LocalIdentifier, string? Note);

internal sealed record GroupsFile(List<GroupSeed?>? Groups);

internal sealed record GroupSeed(string? Code, string? Name, List<string?>? Members);

internal sealed record MeasuresFile(List<MeasureSeed?>? Measures);

internal sealed record MeasureSeed(
    string? Code, string? Name, string? Unit, string? Kind, List<ApplicabilitySeed?>? AppliesTo, string? MustNotExceed, AlertSeed? Alert, int? MaxValue = null);

internal sealed record ApplicabilitySeed(string? Type, bool? Required);

internal sealed record AlertSeed(int? WarningAbove, int? CriticalAbove);

internal sealed record DemoFile(bool? Synthetic, string? Note, IncidentSeed? Incident, List<ReturnSeed?>? Returns);

internal sealed record IncidentSeed(
    string? Reference, string? Title, string? Kind, string? Group, string? TimeZone, int? CadenceMinutes, int? GraceMinutes,
    DateTime? DeclaredAt, DateTime? StandDownAt, List<WindowSeed?>? Windows);

internal sealed record WindowSeed(string? Date, string? FirstReportAt, string? LastReportAt);

internal sealed record ReturnSeed(
    string? Organisation, string? ReportAt, int? SubmittedMinutesAfter, string? SubmittedBy, int? OpelLevel,
    bool? CriticalIncidentDeclared, Dictionary<string, int>? Measures, string? KeyIssues, string? Mitigations,
    string? SupportRequested, List<AmendmentSeed?>? Amendments);

internal sealed record AmendmentSeed(
    int? SubmittedMinutesAfter, string? SubmittedBy, string? Reason, int? OpelLevel, bool? CriticalIncidentDeclared,
    Dictionary<string, int>? Measures, string? KeyIssues, string? Mitigations, string? SupportRequested);

internal static class SeedJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>A seed file that cannot be loaded; the message names the file and the entry.</summary>
public sealed class SeedDataException(string message, Exception? inner = null) : Exception(message, inner);
