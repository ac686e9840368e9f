using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;

namespace ResilienceHub.Api.Features.Sitreps;

/// <summary>Every version of each requested return, in one query per level of the request.</summary>
public sealed class SitrepVersionsLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, IReadOnlyList<SitrepView>>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await SitrepQueries.VersionsBySitrepAsync(db, ids, cancellationToken);
        return versions.ToDictionary(g => g.Key, IReadOnlyList<SitrepView> (g) => [.. g]);
    });

/// <summary>The current version of each requested return.</summary>
public sealed class CurrentSitrepLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, SitrepView>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SitrepQueries.CurrentByIds(db, ids).ToDictionaryAsync(v => v.Id, cancellationToken);
    });

/// <summary>Every sign-off of each requested return, in the order they were recorded.</summary>
public sealed class SitrepSignOffsLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, IReadOnlyList<SignOffView>>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var signOffs = await SignOffQueries.Of(db, ids).ToListAsync(cancellationToken);
        return signOffs.GroupBy(s => s.SitrepId).ToDictionary(g => g.Key, IReadOnlyList<SignOffView> (g) => [.. g]);
    });
