namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>
/// How many revisions the measure catalogue has and the newest one's id: every change of the catalogue, through the
/// API or by the seeds, adds a revision, so two equal stamps mean the same catalogue. The count catches a revision
/// whose id was taken before another's but committed after it.
/// </summary>
public sealed record CatalogueStamp(int Revisions, int LastRevisionId)
{
    public static readonly CatalogueStamp Empty = new(0, 0);
}
