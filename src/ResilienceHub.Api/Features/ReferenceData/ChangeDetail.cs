namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>How an accepted save of reference data reads in the audit trail: what, what changed, and why.</summary>
public static class ChangeDetail
{
    public static string Of(string code, IReadOnlyList<string> changes, string? reason) =>
        $"{code}: {(changes.Count == 0 ? "no change" : string.Join("; ", changes))}{(string.IsNullOrWhiteSpace(reason) ? "" : $". Reason: {reason.Trim()}")}";
}
