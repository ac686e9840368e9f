using System.Globalization;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Exercises;

/// <summary>Which speeds a replay may run at, and why the others are refused.</summary>
public static class ReplaySpeeds
{
    public const double Min = 1;
    public const double Max = 60;

    /// <summary>The shortest period an exercise may have: anyone playing an organisation needs time to send its return.</summary>
    public static readonly TimeSpan ShortestPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Every problem with replaying a schedule of this cadence at this speed (empty when it may run).</summary>
    public static IReadOnlyList<UserError> Check(double speed, int sourceCadenceMinutes)
    {
        if (!double.IsFinite(speed) || speed < Min || speed > Max)
        {
            return [new("SPEED_OUT_OF_RANGE", $"A replay runs from {Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)} times faster than its source; {speed.ToString(CultureInfo.InvariantCulture)} is outside that.", ["speed"])];
        }

        var period = TimeSpan.FromMinutes(sourceCadenceMinutes / speed);
        return period < ShortestPeriod
            ? [new("PERIOD_TOO_SHORT", $"At {speed.ToString(CultureInfo.InvariantCulture)} times its speed the source's {sourceCadenceMinutes}-minute periods would last {period.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds; a period lasts at least a minute, so the speed is at most {(sourceCadenceMinutes / ShortestPeriod.TotalMinutes).ToString(CultureInfo.InvariantCulture)}.", ["speed"])]
            : [];
    }
}
