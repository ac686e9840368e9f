namespace ResilienceHub.Api.Features.Measures;

public static class MeasureKindNames
{
    /// <summary>The contract's spelling, as the GraphQL enum writes it (SNAPSHOT, CUMULATIVE_DAILY).</summary>
    public static string Contract(MeasureKind kind) => kind switch
    {
        MeasureKind.Snapshot => "SNAPSHOT",
        MeasureKind.CumulativeDaily => "CUMULATIVE_DAILY",
        _ => kind.ToString(),
    };
}
