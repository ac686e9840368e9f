namespace ResilienceHub.Api.Features.Dashboard;

public sealed record OpelCountView(int Level, int Organisations);
