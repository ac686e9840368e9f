using GraphQL;
using GraphQL.DI;

namespace ResilienceHub.GraphQL.AspNetCore.Limits;

/// <summary>
/// An answer carries at most <see cref="MaxErrors"/> errors, then one that says how many more there were: a document
/// built to fail validation in thousands of places gets a short answer, and its sender the first problems to fix.
/// </summary>
internal sealed class ReportedErrorLimit : IConfigureExecution
{
    public const int MaxErrors = 100;
    public const string MoreErrorsCode = "MORE_ERRORS";

    // Outermost but for the masking of unexpected errors: it sees every error the other steps added.
    public float SortOrder => 10;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        if (result.Errors is { Count: > MaxErrors } errors)
        {
            var kept = new ExecutionErrors();
            foreach (var error in errors.Take(MaxErrors))
            {
                kept.Add(error);
            }

            kept.Add(new ExecutionError($"{errors.Count - MaxErrors} more errors were found; fix the {MaxErrors} above and send the request again.") { Code = MoreErrorsCode });
            result.Errors = kept;
        }

        return result;
    }
}
