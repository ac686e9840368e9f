namespace ResilienceHub.Api.Features.Incidents;

/// <summary>
/// An exercise's clock against its source's: <see cref="Origin"/> (the source's first opening) maps to
/// <see cref="StartsAt"/>, and every later instant lies <see cref="Speed"/> times closer to it.
/// </summary>
public sealed record ScheduleCompression(DateTime Origin, DateTime StartsAt, double Speed)
{
    /// <summary>The exercise's instant for a source instant, rounded down to the second (the API's instants are whole seconds).</summary>
    public DateTime Map(DateTime source)
    {
        UtcGuard.Require(source, nameof(source));
        var ticks = (long)Math.Floor((source - Origin).Ticks / Speed);
        return StartsAt.AddTicks(ticks - (((ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond));
    }

    /// <summary>The first tick at or after which the exercise's clock has reached the source instant.</summary>
    public DateTime MapCeiling(DateTime source)
    {
        UtcGuard.Require(source, nameof(source));
        return StartsAt.AddTicks((long)Math.Ceiling((source - Origin).Ticks / Speed));
    }

    /// <summary>The source's instant for an exercise instant: what its dates and local times are read by.</summary>
    public DateTime Unmap(DateTime exercise)
    {
        UtcGuard.Require(exercise, nameof(exercise));
        return Origin.AddTicks((long)Math.Round((exercise - StartsAt).Ticks * Speed));
    }
}
