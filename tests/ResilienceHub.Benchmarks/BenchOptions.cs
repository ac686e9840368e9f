using System.Globalization;

namespace ResilienceHub.Benchmarks;

/// <summary>
/// The command line: <c>--days 14 --organisations 300 --seed 20160418 --duration 10 --warm-up 3 --growth-warm-up 12
/// --growth yes --subscribers 1000 --work DIR</c> (<c>--subscribers 0</c> leaves the fan-out out). The growth scenarios each start a fresh API process, which takes about ten seconds of
/// this load to reach its steady state (tiered compilation, the GC's heap count), hence their longer warm-up.
/// </summary>
internal sealed record BenchOptions(int Days, int Organisations, int Seed, TimeSpan Duration, TimeSpan WarmUp, TimeSpan GrowthWarmUp, bool Growth, string? WorkDirectory)
{
    /// <summary>How many dashboardChanged subscribers the fan-out opens; 0 for none.</summary>
    public int Subscribers { get; init; } = 1000;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(14, 300, 20160418, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(12), true, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--days" => options with { Days = Positive(value) },
                "--organisations" => options with { Organisations = Positive(value) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(value)) },
                "--warm-up" => options with { WarmUp = TimeSpan.FromSeconds(Positive(value)) },
                "--growth-warm-up" => options with { GrowthWarmUp = TimeSpan.FromSeconds(Positive(value)) },
                "--growth" => options with { Growth = value is "yes" ? true : value is "no" ? false : throw new ArgumentException("--growth takes yes or no.") },
                "--subscribers" => options with { Subscribers = int.TryParse(value, CultureInfo.InvariantCulture, out var count) && count >= 0 ? count : throw new ArgumentException("--subscribers takes a whole number, 0 for none.") },
                "--work" => options with { WorkDirectory = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see the Benchmarks section of README.md."),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"'{value}' is not a positive whole number.");
}
