using System.Diagnostics;
using GraphQL;
using GraphQL.Builders;
using GraphQL.DataLoader;
using GraphQL.Instrumentation;

namespace ResilienceHub.Api.Observability;

/// <summary>
/// A span for a resolver that does database work, so a trace shows which field ran which SQL. A field that hands back
/// a pending batch keeps its span open until the batch has been fetched. Applied to the marked fields alone, so the
/// tens of thousands of plain fields of a large answer pass through nothing.
/// </summary>
public sealed class DatabaseFieldTracing(DatabaseFieldTracing.Mode mode) : IFieldMiddleware
{
    public enum Mode
    {
        /// <summary>The resolver queries: the span covers it (and the batch it may hand back).</summary>
        Resolver,

        /// <summary>
        /// The resolver only hands back a pending batch, or what its source already holds: a span from then until the
        /// batch is fetched, and none when nothing is (a dashboard's 300 returns carry their versions).
        /// </summary>
        Batch,
    }

    public ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next) =>
        mode == Mode.Batch ? AroundBatchAsync(context, next) : AroundResolverAsync(context, next);

    private static async ValueTask<object?> AroundBatchAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var resolved = await next(context).ConfigureAwait(false);
        return resolved is IDataLoaderResult batch && Start(context) is { } span ? new Traced(batch, span) : resolved;
    }

    private static async ValueTask<object?> AroundResolverAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var span = Start(context);
        try
        {
            var result = await next(context).ConfigureAwait(false);
            if (result is IDataLoaderResult pending && span is not null)
            {
                var batch = new Traced(pending, span);
                span = null;
                return batch;
            }

            return result;
        }
        finally
        {
            span?.Dispose();
        }
    }

    private static Activity? Start(IResolveFieldContext context)
    {
        var span = ResilienceTelemetry.ActivitySource.StartActivity($"resolve {context.ParentType.Name}.{context.FieldDefinition.Name}");
        span?.SetTag("graphql.field.path", string.Join('.', context.ResponsePath));
        return span;
    }

    private sealed class Traced(IDataLoaderResult inner, Activity span) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            // The batch's queries run now, beneath the span of the field that asked for them.
            var outer = Activity.Current;
            Activity.Current = span;
            try
            {
                return await inner.GetResultAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                span.Dispose();
                Activity.Current = outer;
            }
        }
    }
}

public static class DatabaseFieldTracingExtensions
{
    private static readonly DatabaseFieldTracing AroundResolver = new(DatabaseFieldTracing.Mode.Resolver);
    private static readonly DatabaseFieldTracing AroundBatch = new(DatabaseFieldTracing.Mode.Batch);

    /// <summary>The resolver does database work: a span around it.</summary>
    public static FieldBuilder<TSource, TReturn> TracedAsDatabaseWork<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.ApplyMiddleware(AroundResolver);

    /// <summary>The resolver queues a batch for a data loader, or answers from what it holds: a span for the batch only.</summary>
    public static FieldBuilder<TSource, TReturn> TracedWhenBatched<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.ApplyMiddleware(AroundBatch);
}
