using Microsoft.Extensions.Options;
using ResilienceHub.Api;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Exercises;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Health;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Screen;

try
{
    var (command, arguments) = Commands.Parse(args);
    if (Commands.RunBeforeBuilding(command, arguments) is { } exitCode)
    {
        return exitCode;
    }

    var builder = WebApplication.CreateBuilder(arguments.Configuration);

    // Time is injected everywhere; the tests replace it with a fake clock.
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddObservability();
    builder.AddSecurityHeaders();
    builder.AddResilienceDatabase();
    builder.AddAccess();
    builder.AddAudit();
    builder.AddReferenceData();
    builder.AddOrganisations();
    builder.AddMeasures();
    builder.AddIncidents();
    builder.AddExercises();
    builder.AddLog();
    builder.AddSitreps();
    builder.AddDashboard();
    builder.AddNotifications();
    builder.AddResilienceGraphQL();
    builder.AddLiveUpdates();
    builder.AddHealth();

    var app = builder.Build();

    app.UseSecurityHeaders();
    app.UseScreen();
    app.UseAccess();
    app.UseLiveUpdateSockets();
    app.MapHealth();
    app.MapResilienceGraphQL();
    app.MapDashboardExport();
    app.MapLogExport();

    if (command is not null)
    {
        return await Commands.RunAsync(app, command, arguments);
    }

    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // A setting that cannot work stops the start here, saying which and why, not as a stack trace.
    await Console.Error.WriteLineAsync($"ResilienceHub cannot start: {invalid.Message}");
    return 1;
}

public partial class Program;
