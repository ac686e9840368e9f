using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResilienceHub.Api.Health;

/// <summary>
/// Writes a health report as JSON: the overall status and each check's name, status and duration.
/// Descriptions and exceptions are left out on purpose: they can carry hosts, paths or driver messages.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("totalDuration", Format(report.TotalDuration));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("duration", Format(entry.Duration));
            // A healthy check's sentence is fixed (which notification channels send, say); a failing one's may name data.
            if (entry.Status == HealthStatus.Healthy && entry.Description is { } description)
            {
                json.WriteString("description", description);
            }
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static string Format(TimeSpan duration) => duration.ToString("c", CultureInfo.InvariantCulture);
}
