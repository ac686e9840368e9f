using System.Diagnostics;
using GraphQL;
using GraphQL.Builders;
using GraphQL.DataLoader;
using GraphQL.Instrumentation;
using GraphQL.Types;

namespace ResilienceHub.Api.Observability;

/// <summary>
/// A span for each resolver marked as database work, so a trace shows which field ran which SQL.
/// A field that hands back a pending batch keeps its span open until the batch has been fetched.
/// </summary>
public sealed class DatabaseFieldTracing : IFieldMiddleware
{
    private const string MetadataKey = "resiliencehub.tracedAsDatabaseWork";

    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        if (!context.FieldDefinition.GetMetadata(MetadataKey, false))
        {
            return await next(context).ConfigureAwait(false);
        }

        var span = ResilienceTelemetry.ActivitySource.StartActivity($"resolve {context.ParentType.Name}.{context.FieldDefinition.Name}");
        span?.SetTag("graphql.field.path", string.Join('.', context.ResponsePath));
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

    /// <summary>Marks a field's resolver as database work.</summary>
    public static void Mark(FieldType field) => field.Metadata[MetadataKey] = true;

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
    public static FieldBuilder<TSource, TReturn> TracedAsDatabaseWork<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        DatabaseFieldTracing.Mark(field.FieldType);
        return field;
    }
}
