using ResilienceHub.Api;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.Live;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Health;
using ResilienceHub.Api.Observability;

var (command, arguments) = Commands.Parse(args);
var builder = WebApplication.CreateBuilder(arguments);

builder.AddObservability();
builder.AddResilienceDatabase();
builder.AddResilienceGraphQL();
builder.AddLiveUpdates();
builder.AddHealth();

var app = builder.Build();

app.UseWebSockets();
app.MapHealth();
app.MapResilienceGraphQL();

if (command is not null)
{
    return await Commands.RunAsync(app, command);
}

await app.RunAsync();
return 0;

public partial class Program;
