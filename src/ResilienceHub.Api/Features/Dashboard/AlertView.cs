using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Features.Dashboard;

public sealed record AlertView(AlertSeverity Severity, string Kind, OrganisationView? Organisation, string Message, DateTime At);
