using GraphQL;

namespace ResilienceHub.GraphQL.AspNetCore.Errors;

/// <summary>
/// What a client sees in place of an exception nobody meant to show it: a fixed message, a
/// stable code and the correlation id under which the real exception was logged.
/// </summary>
public sealed class UnexpectedError : ExecutionError
{
    public const string ErrorCode = "INTERNAL_SERVER_ERROR";

    public UnexpectedError(string correlationId)
        : base("An unexpected error occurred.")
    {
        Code = ErrorCode;
        CorrelationId = correlationId;
        Extensions = new() { ["correlationId"] = correlationId };
    }

    public string CorrelationId { get; }
}
