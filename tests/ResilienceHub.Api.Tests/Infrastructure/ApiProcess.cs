using System.Diagnostics;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>The API's executable run as an operator runs it, in an environment of the test's choosing: for what happens before a host exists.</summary>
public static class ApiProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("resiliencehub-process-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["DOTNET_ENVIRONMENT"] = environment },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResilienceHub.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
