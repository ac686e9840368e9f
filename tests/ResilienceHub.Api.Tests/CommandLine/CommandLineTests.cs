using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.CommandLine;

/// <summary>The executable's command line, as an operator types it: help is help, and a slip never starts the server.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task HelpPrintsTheUsageAndStops(string word)
    {
        var (exitCode, output, _) = await ApiProcess.RunAsync("Production", word);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: ResilienceHub.Api [command]", output, StringComparison.Ordinal);
        Assert.Contains("token     print a development bearer token", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandIsRefusedWithTheUsageInsteadOfStartingTheServer()
    {
        var (exitCode, output, error) = await ApiProcess.RunAsync("Production", "statr");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("'statr' is not a command.", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task TheTokenCommandPrintsTheTokenAloneOnStandardOutput()
    {
        var (exitCode, output, error) = await ApiProcess.RunAsync("Testing", "token", "--role", "VIEWER", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}");

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$", output);
    }
}
