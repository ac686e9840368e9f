using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.Execution;

/// <summary>
/// Builds and runs the <see cref="ExecutionOptions"/> of one request, for HTTP and for every WebSocket operation and
/// subscription event alike, so that a transport cannot miss a setting of <see cref="GraphQLHttpOptions"/>.
/// </summary>
internal static class GraphQLRequestExecution
{
    /// <param name="options">The endpoint's settings.</param>
    /// <param name="http">The request, or the WebSocket's upgrade request; its user is the one the request acts for.</param>
    /// <param name="request">What the client asked.</param>
    /// <param name="document">Its parse, when the transport has it.</param>
    /// <param name="services">The request's service scope.</param>
    /// <param name="root">The root value (a subscription event).</param>
    /// <param name="cancellation">Ends the execution when the client leaves.</param>
    public static ExecutionOptions Build(GraphQLHttpOptions options, HttpContext http, GraphQLHttpRequest request, GraphQLDocument? document,
        IServiceProvider services, object? root, CancellationToken cancellation)
    {
        var execution = new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = http.User,
            Root = root,
            CancellationToken = cancellation,
        };
        if (options.ExecutionTimeout is { } timeout)
        {
            execution.Timeout = timeout;
            execution.TimeoutAction = TimeoutAction.ReturnTimeoutError;
        }
        if (options.BuildUserContext is { } buildUserContext)
        {
            execution.UserContext = buildUserContext(http);
        }
        options.ConfigureExecution?.Invoke(http, execution);
        return execution;
    }

    /// <summary>Runs <paramref name="execution"/> with the schema's own executer if one is registered.</summary>
    public static Task<ExecutionResult> ExecuteAsync<TSchema>(ExecutionOptions execution) where TSchema : ISchema
    {
        var services = execution.RequestServices!;
        if (services.GetService<IDocumentExecuter<TSchema>>() is { } executer)
        {
            return executer.ExecuteAsync(execution);
        }
        execution.Schema = services.GetRequiredService<TSchema>();
        return services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(execution);
    }
}
