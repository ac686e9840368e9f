using ResilienceHub.Api;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Health;
using ResilienceHub.Api.Observability;
using ResilienceHub.Api.Screen;

var (command, arguments) = Commands.Parse(args);
var builder = WebApplication.CreateBuilder(arguments.Configuration);

builder.AddObservability();
builder.AddResilienceDatabase();
builder.AddAccess();
builder.AddResilienceGraphQL();
builder.AddLiveUpdates();
builder.AddHealth();

var app = builder.Build();

app.UseScreen();
app.UseAccess();
app.UseWebSockets();
app.MapHealth();
app.MapResilienceGraphQL();

if (command is not null)
{
    return await Commands.RunAsync(app, command, arguments);
}

await app.RunAsync();
return 0;

public partial class Program;
