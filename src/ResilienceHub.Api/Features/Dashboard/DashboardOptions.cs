using Microsoft.Extensions.Options;

namespace ResilienceHub.Api.Features.Dashboard;

/// <summary>The <c>Dashboard</c> configuration section: how the incidents' ledgers are kept in memory.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Load the ledgers of the incidents taking returns in the background at start-up (see <see cref="LedgerWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// How long an incident's ledger is kept without being read before it is dropped; its next dashboard loads it again
    /// from the database (about 3 s for a national incident of 14 days, which holds some 120 MB).
    /// </summary>
    public TimeSpan LedgerIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

public static class DashboardExtensions
{
    /// <summary>The incidents' ledgers, their load at start-up, and the <c>Dashboard</c> settings, checked at start.</summary>
    public static IServiceCollection AddIncidentLedgers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidation>();
        services.AddSingleton<IncidentLedgers>();
        services.AddHostedService<LedgerWarmUp>();
        return services;
    }
}

internal sealed class DashboardOptionsValidation : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options) =>
        options.LedgerIdleTimeout > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{DashboardOptions.Section}:{nameof(DashboardOptions.LedgerIdleTimeout)} is {options.LedgerIdleTimeout:c}; it must be positive, a time span such as 00:30:00.");
}
