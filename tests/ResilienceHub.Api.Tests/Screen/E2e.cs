namespace ResilienceHub.Api.Tests.Screen;

/// <summary>Where the browser tests' node scripts and artifacts are, and whether node can run them.</summary>
internal static class E2e
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Skips the calling test, saying why, when Debian's chromium (which the browser scripts launch) is missing.</summary>
    public static void SkipUnlessChromium() =>
        Assert.SkipUnless(File.Exists(Chromium), $"Debian's chromium is not installed at {Chromium} (.ci/run installs it: apt-get install chromium).");

    /// <summary>tests/e2e, found by walking up from the test binaries to the repository.</summary>
    public static string Directory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "e2e");
            if (File.Exists(Path.Combine(candidate, "screen.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No tests/e2e folder above {AppContext.BaseDirectory}.");
    }

    /// <summary>artifacts/screenshots at the repository's root (gitignored).</summary>
    public static string Screenshots() => Path.GetFullPath(Path.Combine(Directory(), "..", "..", "artifacts", "screenshots"));

    /// <summary>The node executable on PATH, or null.</summary>
    public static string? NodeOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
}
