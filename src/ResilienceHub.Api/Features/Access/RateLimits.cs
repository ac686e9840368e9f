using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ResilienceHub.Api.Features.Access;

/// <summary>The <c>RateLimiting</c> configuration section: requests per window, per signed-in identity or anonymous address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    [Range(1, 1_000_000, ErrorMessage = "RateLimiting:PermitLimit must be between {1} and {2}.")]
    public int PermitLimit { get; set; } = 300;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "RateLimiting:Window must be between {1} and {2}.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// One budget per caller for everything that does work for it: a GraphQL request over HTTP, each operation sent over a
/// WebSocket, and a CSV export all draw on the same fixed window. Endpoints opt in with <see cref="RateLimitedPerCaller"/>.
/// </summary>
public static class RateLimits
{
    public const string Code = "RATE_LIMITED";
    public const string Message = "Too many requests; wait as Retry-After says, then try again.";

    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is null
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 }));
            rateLimiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new { errors = new[] { new { message = Message, extensions = new { code = Code } } } }, cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>Counts every request to the endpoint against its caller's budget.</summary>
    public static TBuilder RateLimitedPerCaller<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new Marker());

    /// <summary>Takes one permit for an operation sent over a WebSocket (whose upgrade request took one already); the refusal to send when none is left.</summary>
    public static ValueTask<ExecutionError?> AdmitOperationAsync(HttpContext http)
    {
        var limiter = http.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        using var lease = limiter.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            return new((ExecutionError?)null);
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        return new(new ExecutionError($"Too many requests; wait {wait} s, then try again.") { Code = Code });
    }

    /// <summary>Whose budget a request draws on: a whole trust can sit behind one NAT address, so the address is only the partition for anonymous callers.</summary>
    public static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && (http.User.FindFirstValue("sub") ?? http.User.Identity.Name) is { } subject
            ? "identity:" + subject
            : "address:" + http.Connection.RemoteIpAddress;

    private sealed class Marker;
}
