using System.Globalization;
using System.Text;

using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Sitreps;

public sealed record SubmitSitrepInput(
    string IncidentId,
    string OrganisationId,
    DateTime PeriodStartsAt,
    int OpelLevel,
    bool CriticalIncidentDeclared,
    IReadOnlyList<MeasureValueInput> Measures,
    string? KeyIssues = null,
    string? Mitigations = null,
    string? SupportRequested = null,
    string? IdempotencyKey = null,
    bool? Nil = null)
{
    public SitrepContent Content => new(OpelLevel, CriticalIncidentDeclared, Measures, KeyIssues, Mitigations, SupportRequested, Nil ?? false);

    /// <summary>What a replay must repeat exactly for its key to return the original result.</summary>
    public string Fingerprint() => ContentFingerprint.Of(
        $"submit|{Ids.Canonical(IncidentId, NodeTypes.Incident)}|{Ids.Canonical(OrganisationId, NodeTypes.Organisation)}|{PeriodStartsAt.Ticks.ToString(CultureInfo.InvariantCulture)}", Content);
}

public sealed record AmendSitrepInput(
    string SitrepId,
    int ExpectedVersion,
    string Reason,
    int OpelLevel,
    bool CriticalIncidentDeclared,
    IReadOnlyList<MeasureValueInput> Measures,
    string? KeyIssues = null,
    string? Mitigations = null,
    string? SupportRequested = null,
    string? IdempotencyKey = null,
    bool? Nil = null)
{
    public SitrepContent Content => new(OpelLevel, CriticalIncidentDeclared, Measures, KeyIssues, Mitigations, SupportRequested, Nil ?? false);

    public string Fingerprint() => ContentFingerprint.Of(
        $"amend|{Ids.Canonical(SitrepId, NodeTypes.Sitrep)}|{ExpectedVersion.ToString(CultureInfo.InvariantCulture)}|{Reason.Length.ToString(CultureInfo.InvariantCulture)}:{Reason}", Content);
}

/// <summary>The outcome of a write: the version written (or replayed), or every reason it was refused.</summary>
public sealed record SitrepResult(SitrepView? Sitrep, IReadOnlyList<UserError> Errors, int? ExistingSitrepId = null);

internal static class ContentFingerprint
{
    /// <summary>A SHA-256 of the target and the content, with measures in code order so their order never matters.</summary>
    public static string Of(string target, SitrepContent content)
    {
        var text = new StringBuilder(target)
            .Append('|').Append(content.OpelLevel.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(content.CriticalIncidentDeclared ? '1' : '0');
        if (content.Nil)
        {
            // Only when set, so that a full return's fingerprint is what it was before nil returns existed.
            text.Append("|nil");
        }

        foreach (var measure in content.Measures.OrderBy(m => m.Code, StringComparer.Ordinal).ThenBy(m => m.Value))
        {
            text.Append('|').Append(measure.Code).Append('=').Append(measure.Value.ToString(CultureInfo.InvariantCulture));
        }

        return Idempotency.Hash(text.AppendPart(content.KeyIssues).AppendPart(content.Mitigations).AppendPart(content.SupportRequested));
    }
}
