using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;

namespace ResilienceHub.Api.Features.Incidents;

/// <summary>Incidents by id, fetched together for every field of one request that needs one.</summary>
public sealed class IncidentLoader(IDbContextFactory<ResilienceDbContext> contexts)
    : BatchLoader<int, IncidentView>(async (ids, cancellationToken) =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IncidentQueries.ByIdsAsync(db, ids, cancellationToken);
    });
