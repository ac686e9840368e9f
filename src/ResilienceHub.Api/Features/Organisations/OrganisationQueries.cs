using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Features.Organisations;

/// <summary>The query shapes saving organisations and groups reads with (a test translates each for SQL Server).</summary>
public static class OrganisationQueries
{
    /// <summary>The organisation with exactly this code, tracked: what a save changes.</summary>
    public static IQueryable<Organisation> WithCode(ResilienceDbContext db, string odsCode) =>
        db.Organisations.AsTracking().Where(o => o.OdsCode == odsCode);

    /// <summary>The codes of the groups the organisation belongs to: who may change it.</summary>
    public static IQueryable<string> GroupCodesOf(ResilienceDbContext db, int organisationId) =>
        db.ResilienceGroups.Where(g => g.Members.Any(m => m.OrganisationId == organisationId)).OrderBy(g => g.Code).Select(g => g.Code);

    /// <summary>The incidents, not stood down, that the organisation takes part in: while there is one it cannot be retired.</summary>
    public static IQueryable<StandingIncident> StandingIncidentsOf(ResilienceDbContext db, int organisationId) =>
        db.Incidents.Where(i => i.StoodDownAt == null && i.Participants.Any(p => p.OrganisationId == organisationId))
            .OrderBy(i => i.Reference)
            .Select(i => new StandingIncident(i.Id, i.Reference, i.GroupId));

    /// <summary>The group with exactly this code and its members, tracked: what a save changes.</summary>
    public static IQueryable<ResilienceGroup> GroupWithCode(ResilienceDbContext db, string code) =>
        db.ResilienceGroups.AsTracking().Include(g => g.Members).Where(g => g.Code == code);

    public sealed record StandingIncident(int Id, string Reference, int GroupId);
}
