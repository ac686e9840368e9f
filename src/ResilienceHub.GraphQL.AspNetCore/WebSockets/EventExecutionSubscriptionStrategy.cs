using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ResilienceHub.GraphQL.AspNetCore.WebSockets;

/// <summary>
/// Runs subscriptions so that every event is executed as a request of its own: the transport
/// receives each source event raw (<see cref="SubscriptionEventResult"/>) and executes the
/// subscription document again with the event as its root (<see cref="SubscriptionEvent"/>).
/// Validation rules (authorization), execution hooks and a fresh service scope thereby apply to
/// each event, not only to the subscribe.
/// </summary>
public sealed class EventExecutionSubscriptionStrategy : SubscriptionExecutionStrategy
{
    public override Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RootValue is SubscriptionEvent subscriptionEvent)
        {
            // Top-level subscription fields resolve to their source, so the event becomes the field's value.
            context.RootValue = subscriptionEvent.Value;
            return ParallelExecutionStrategy.Instance.ExecuteAsync(context);
        }

        return base.ExecuteAsync(context);
    }

    protected override ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value) =>
        ValueTask.FromResult<ExecutionResult>(new SubscriptionEventResult(value));
}

/// <summary>A source event not yet executed; the transport executes it as a request.</summary>
public sealed class SubscriptionEventResult(object? value) : ExecutionResult
{
    public object? Value { get; } = value;
}

/// <summary>The root value that asks for one event of a subscription to be executed.</summary>
public sealed record SubscriptionEvent(object? Value);
