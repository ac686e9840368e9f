using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>The executable's <c>token</c> command, run as a developer runs it.</summary>
public sealed class TokenCommandTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string environment, params string[] arguments) =>
        ApiProcess.RunAsync(environment, arguments);

    [Fact]
    public async Task RefusesToRunWhereNoDevelopmentKeyIsConfigured()
    {
        var (exitCode, output, error) = await RunAsync("Production",
            "token", "--role", "DIRECTOR", "--Authentication:Authority=https://login.example.nhs.uk/tenant/v2.0", "--Authentication:Audience=api://resiliencehub");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("No development signing key is configured", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task TheApiRefusesToStartWithNoWayToCheckATokenAndSaysWhatToSet()
    {
        var (exitCode, output, error) = await RunAsync("Production", "token", "--role", "DIRECTOR");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ResilienceHub cannot start: No way to check tokens: set Authentication:Authority", error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Theory]
    [InlineData("https://login.example.nhs.uk/tenant/v2.0", null, "Authentication:Audience must be set")]
    [InlineData("http://login.example.nhs.uk/tenant/v2.0", "api://resiliencehub", "must be an absolute https address")]
    [InlineData("login.example.nhs.uk", "api://resiliencehub", "must be an absolute https address")]
    public async Task TheApiRefusesToStartWithAnAuthorityItCannotTrust(string authority, string? audience, string message)
    {
        var (exitCode, _, error) = await RunAsync("Production",
            ["token", "--role", "DIRECTOR", $"--Authentication:Authority={authority}", .. audience is null ? Array.Empty<string>() : [$"--Authentication:Audience={audience}"]]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintsATokenTheApiAcceptsForTheRoleOrganisationAndNameGiven()
    {
        var (exitCode, output, error) = await RunAsync("Testing",
            "token", "--role", "REPORTER", "--org", "RNL", "--name", "Site manager, RNL", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}");
        Assert.True(exitCode == 0, error);
        await using var api = new ApiFactory();
        using var client = ApiFactory.WithToken(api.CreateClient(), output.Trim());

        var viewer = (await client.QueryAsync("{ viewer { name roles organisations { odsCode } } }"))["viewer"]!;

        Assert.Equal("Site manager, RNL", (string?)viewer["name"]);
        Assert.Equal("REPORTER", (string?)viewer["roles"]![0]);
        Assert.Equal("RNL", (string?)viewer["organisations"]![0]!["odsCode"]);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Demo")]
    public async Task TheApiRefusesToStartOutsideDevelopmentWithADevelopmentKey(string environment)
    {
        var (exitCode, output, error) = await RunAsync(environment, "token", "--role", "DIRECTOR", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"Authentication:DevelopmentSigningKey is set in the {environment} environment", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task ThePublishedDevelopmentKeyIsRefusedEvenInTheTestingEnvironment()
    {
        var (exitCode, output, error) = await RunAsync("Testing", "token", "--role", "DIRECTOR", $"--Authentication:DevelopmentSigningKey={AccessOptions.PublishedDevelopmentKey}");

        Assert.Equal(1, exitCode);
        Assert.Contains("Authentication:DevelopmentSigningKey is set in the Testing environment", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task TheSchemaIsPrintedWithoutAnySignInSettings()
    {
        var (exitCode, output, error) = await RunAsync("Production", "schema");

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("\"ResilienceHub:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltOrOutOfRangeSettingStopsTheStartNamingIt()
    {
        var (misspeltExit, _, misspelt) = await RunAsync("Testing", "schema", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}", "--GraphQL:MaxDept=10");
        var (zeroExit, _, zero) = await RunAsync("Testing", "schema", $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}", "--GraphQL:MaxDepth=0");

        Assert.Equal(1, misspeltExit);
        Assert.Contains("MaxDept", misspelt, StringComparison.Ordinal);
        Assert.Equal(1, zeroExit);
        Assert.Contains("GraphQL:MaxDepth must be between 1 and 64", zero, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no role", new string[0], "Say which role")]
    [InlineData("an unknown role", new[] { "--role", "SUPERUSER" }, "'SUPERUSER' is not a role")]
    [InlineData("a reporter without an organisation", new[] { "--role", "REPORTER" }, "needs the ODS code")]
    public async Task RefusesAnIncompleteRequestWithAClearMessage(string why, string[] options, string message)
    {
        var (exitCode, _, error) = await RunAsync("Testing", ["token", .. options, $"--Authentication:DevelopmentSigningKey={ApiFactory.TestSigningKey}"]);

        Assert.True(exitCode != 0, why);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
