namespace ResilienceHub.Api.Features.ReferenceData;

/// <summary>
/// Who the seed files write reference data as. A thing last changed by this identity is the seeds' to bring in line
/// with the files; once an administrator has changed it through the API, the seeds leave it alone
/// (docs/reference-data.md).
/// </summary>
public static class SeedIdentity
{
    public const string Name = "Seed data";
}
