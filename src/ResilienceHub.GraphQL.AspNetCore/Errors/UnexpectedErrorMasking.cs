using System.Diagnostics;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResilienceHub.GraphQL.AspNetCore.Errors;

/// <summary>
/// Replaces every error that GraphQL.NET reports as unhandled (<see cref="UnhandledError"/>)
/// with an <see cref="UnexpectedError"/> and logs the original exception under the same
/// correlation id. Deliberate <see cref="ExecutionError"/>s pass through untouched.
/// </summary>
internal sealed partial class UnexpectedErrorMasking(ILogger<UnexpectedErrorMasking> logger, IHttpContextAccessor httpContextAccessor)
    : IConfigureExecution
{
    // Outermost, so it also sees results from every other IConfigureExecution.
    public float SortOrder => 0;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ExecutionResult result;
        try
        {
            result = await next(options).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ExecutionError and not OperationCanceledException)
        {
            // Thrown by an inner configuration step, where GraphQL.NET would wrap it unmasked.
            return new ExecutionResult(Mask(new UnhandledError("Error executing document.", exception)));
        }

        if (result.Errors is { } errors && errors.Any(e => e is UnhandledError))
        {
            var masked = new ExecutionErrors();
            foreach (var error in errors)
            {
                masked.Add(error is UnhandledError unhandled ? Mask(unhandled) : error);
            }
            result.Errors = masked;
        }
        return result;
    }

    private UnexpectedError Mask(UnhandledError unhandled)
    {
        var correlationId = CorrelationId();
        LogUnexpected(logger, unhandled.InnerException ?? unhandled, correlationId, unhandled.Path is null ? null : string.Join('.', unhandled.Path));

        var masked = new UnexpectedError(correlationId) { Path = unhandled.Path };
        foreach (var location in unhandled.Locations ?? [])
        {
            masked.AddLocation(location);
        }
        return masked;
    }

    // The trace id when tracing is on, else ASP.NET Core's request id, so logs and client agree.
    private string CorrelationId() =>
        Activity.Current?.TraceId.ToHexString()
        ?? httpContextAccessor.HttpContext?.TraceIdentifier
        ?? ActivityTraceId.CreateRandom().ToHexString();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected GraphQL error at {Path} (correlation id {CorrelationId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId, string? path);
}
