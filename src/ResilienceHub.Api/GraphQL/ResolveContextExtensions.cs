using System.Buffers.Text;
using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Tells the request's shared answer that this field (one that promises <see cref="AsOfFields.ReadsAsOf"/>) shows
    /// what was recorded up to <paramref name="instant"/>; null: up to now, so that any later write may change it.
    /// </summary>
    public static void AnswerReadsUpTo(this IResolveFieldContext context, DateTime? instant) =>
        context.Service<AnswerLifetime>().ReadsUpTo(instant is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null);

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

    /// <summary>Reads an <c>ID</c> argument naming a <paramref name="type"/>; an id that is not one of ours reads as absent, not as an error.</summary>
    public static int? IdArgument(this IResolveFieldContext context, string name, string type) =>
        Ids.Parse(context.GetArgument<string?>(name), type);
}

/// <summary>
/// IDs on the wire. The objects a client refetches (the <c>Node</c>s: <see cref="NodeTypes"/>) are named by global ids,
/// unpadded base64url of their type's name, a colon and their database key (<c>Incident:1</c> is <c>SW5jaWRlbnQ6MQ</c>);
/// every argument and input naming one also takes the decimal key alone, as the API gave before. Other ids are the
/// decimal key.
/// </summary>
public static class Ids
{
    /// <summary>The key of a <paramref name="type"/>, from its global id or its decimal key; null for anything else.</summary>
    public static int? Parse(string? id, string type) =>
        Decimal(id) ?? (Global(id) is { } global && global.Type == type ? global.Key : null);

    /// <summary>The type and key a global id names, or null when it is not one.</summary>
    public static (string Type, int Key)? Global(string? id)
    {
        if (id is not { Length: > 0 and <= 64 })
        {
            return null;
        }

        // Checked first: decoding throws on a character outside the alphabet.
        Span<byte> bytes = stackalloc byte[64];
        if (!Base64Url.IsValid(id) || !Base64Url.TryDecodeFromChars(id, bytes, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes[..written]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        // Only the canonical form, so that one object has one id.
        return colon > 0 && NodeTypes.All.Contains(text[..colon]) && Decimal(text[(colon + 1)..]) is { } key && Format(text[..colon], key) == id
            ? (text[..colon], key)
            : null;
    }

    /// <summary>
    /// An id as an idempotency key's fingerprint records it: the decimal key, whichever form was sent, so that a retry
    /// naming the object the other way is the same request (and fingerprints stored before global ids still match).
    /// </summary>
    public static string? Canonical(string? id, string type) => Parse(id, type) is { } key ? Format(key) : id;

    /// <summary>The key of an object that is not a <c>Node</c> (a log entry, an action), from its decimal id; null for anything else.</summary>
    public static int? Parse(string? id) => Decimal(id);

    /// <summary>The global id of a <paramref name="type"/>'s object.</summary>
    public static string Format(string type, int key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{type}:{Format(key)}"));

    public static string Format(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static int? Decimal(string? id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
