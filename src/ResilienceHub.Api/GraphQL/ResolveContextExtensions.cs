using System.Globalization;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.GraphQL;

internal static class ResolveContextExtensions
{
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>
    /// Tells the request's shared answer that this field's value changes by the clock alone at <paramref name="instant"/>
    /// (null: never), so that the answer is computed again then.
    /// </summary>
    public static void AnswerChangesAt(this IResolveFieldContext context, DateTime? instant)
    {
        if (instant is { } at)
        {
            context.Service<AnswerLifetime>().ChangesAt(new DateTimeOffset(at, TimeSpan.Zero));
        }
    }

    /// <summary>A context of the resolver's own: fields run in parallel and must not share one.</summary>
    public static Task<ResilienceDbContext> CreateDbContextAsync(this IResolveFieldContext context) =>
        context.Service<IDbContextFactory<ResilienceDbContext>>().CreateDbContextAsync(context.CancellationToken);

    public static ValueTask<ReferenceDataSnapshot> ReferenceDataAsync(this IResolveFieldContext context) =>
        context.Service<ReferenceDataCache>().GetAsync(context.CancellationToken);

    /// <summary>
    /// Resolves a field from the reference data: synchronously once the snapshot is cached, as it is for every field of a
    /// request after the first, so a list of thousands of measure values costs no task per value.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> ResolveFromReferenceData<TSource, TReturn>(
        this FieldBuilder<TSource, TReturn> field, Func<ReferenceDataSnapshot, IResolveFieldContext<TSource>, TReturn?> resolve)
    {
        static async ValueTask<TReturn?> Awaited(
            ValueTask<ReferenceDataSnapshot> pending, IResolveFieldContext<TSource> context, Func<ReferenceDataSnapshot, IResolveFieldContext<TSource>, TReturn?> resolve) =>
            resolve(await pending.ConfigureAwait(false), context);

        return field.Resolve(new FuncFieldResolver<TSource, TReturn>(c =>
        {
            var snapshot = c.ReferenceDataAsync();
            return snapshot.IsCompletedSuccessfully ? new(resolve(snapshot.Result, c)) : Awaited(snapshot, c, resolve);
        }));
    }

    /// <summary>Reads an <c>ID</c> argument; an id that is not one of ours reads as absent, not as an error.</summary>
    public static int? IdArgument(this IResolveFieldContext context, string name) =>
        Ids.Parse(context.GetArgument<string?>(name));
}

/// <summary>IDs on the wire are the decimal form of the database key.</summary>
public static class Ids
{
    public static int? Parse(string? id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    public static string Format(int id) => id.ToString(CultureInfo.InvariantCulture);
}
