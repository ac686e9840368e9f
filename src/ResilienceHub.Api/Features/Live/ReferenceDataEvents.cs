using ResilienceHub.Api.Features.ReferenceData;

namespace ResilienceHub.Api.Features.Live;

/// <summary>Reference data was changed (an organisation, a group or a measure, by its code): every instance reads it afresh.</summary>
public sealed record ReferenceDataChanged(string Kind, string Code)
{
    public const string Organisation = "ORGANISATION";
    public const string Group = "GROUP";
    public const string Measure = "MEASURE";

    /// <summary>The seed files changed something (or several things) at start or by the <c>seed</c> command.</summary>
    public const string Seeds = "SEEDS";
}

/// <summary>
/// The second channel of the live-update bus: a save publishes after it has committed, and every instance that hears
/// it invalidates its <see cref="ReferenceDataCache"/>. Publishing never throws: a lost event must not fail the save
/// (the cache's minute is then the bound on how long another instance reads the old copy).
/// </summary>
public interface IReferenceDataEvents
{
    Task PublishAsync(ReferenceDataChanged change);
}

/// <summary>One instance: publishing is invalidating this instance's copy.</summary>
public sealed class InProcessReferenceDataEvents(ReferenceDataCache cache) : IReferenceDataEvents
{
    public Task PublishAsync(ReferenceDataChanged change)
    {
        cache.Invalidate();
        return Task.CompletedTask;
    }
}
