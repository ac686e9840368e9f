using System.Globalization;

namespace ResilienceHub.Benchmarks;

/// <summary>The command line: <c>--days 14 --organisations 300 --seed 20160418 --duration 10 --warm-up 3 --growth yes --work DIR</c>.</summary>
internal sealed record BenchOptions(int Days, int Organisations, int Seed, TimeSpan Duration, TimeSpan WarmUp, bool Growth, string? WorkDirectory)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(14, 300, 20160418, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), true, null);
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
                "--growth" => options with { Growth = value is "yes" ? true : value is "no" ? false : throw new ArgumentException("--growth takes yes or no.") },
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
