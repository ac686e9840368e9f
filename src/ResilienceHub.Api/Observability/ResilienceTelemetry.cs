using System.Diagnostics;
using System.Reflection;

namespace ResilienceHub.Api.Observability;

/// <summary>The names our own telemetry goes out under.</summary>
public static class ResilienceTelemetry
{
    public const string ServiceName = "resiliencehub-api";

    /// <summary>The name of our <see cref="ActivitySource"/> and of our meter.</summary>
    public const string SourceName = "ResilienceHub";

    public static readonly string ServiceVersion =
        typeof(ResilienceTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    public static readonly ActivitySource ActivitySource = new(SourceName, ServiceVersion);
}
