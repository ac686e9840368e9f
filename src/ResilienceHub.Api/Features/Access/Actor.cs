using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Audit;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Access;

/// <summary>
/// Who is making a request, from its validated token, as every write and audit entry records it: the display name,
/// and the token's subject (a name can be shared or changed; the subject is the identity). No subject: anonymous.
/// </summary>
/// <remarks>
/// What the caller reaches (its scope), decided here for every read and write: a director, viewer or admin acts within
/// the resilience groups of its token (<see cref="Groups"/>: group codes, or <c>*</c> for every group; none, no
/// group); a reporter or a signatory acts for the organisations of its token (<see cref="Organisations"/>: ODS codes)
/// and reads the incidents they take part in. Only a signatory signs off, and only its own organisations' returns. Roles add up: a caller with both reaches what either gives. An admin keeps the reference
/// data of its groups: the groups themselves and their organisations; a new group and the measure catalogue (which
/// every group's returns use) only an admin of every group.
/// </remarks>
public sealed record Actor(
    string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Organisations, string? ClientAddress, string? Subject = null, IReadOnlyList<string>? Groups = null)
{
    public const int MaxNameLength = 200;

    /// <summary>The group code that stands for every group, for a regional or national desk.</summary>
    public const string EveryGroup = "*";

    public bool IsAnonymous => Subject is null;

    public bool IsDirector => Roles.Contains(Access.Roles.Director);

    /// <summary>Whether one of the caller's roles that act for groups (director, viewer, admin) reaches this group.</summary>
    public bool ReachesGroup(ResilienceGroupView group) =>
        Roles.Any(Access.Roles.ActForGroups.Contains) && Groups is { } groups && (groups.Contains(EveryGroup) || groups.Contains(group.Code, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the caller may read the incident: its group is one of the caller's, or one of the caller's organisations reports to it.</summary>
    public bool MayRead(IncidentView incident, ReferenceDataSnapshot catalogue) =>
        (catalogue.GroupsById.GetValueOrDefault(incident.GroupId) is { } group && ReachesGroup(group))
        || (ActsForOrganisations && incident.ParticipantIds.Any(id => catalogue.OrganisationsById.TryGetValue(id, out var o) && ReportsFor(o)));

    /// <summary>Whether the caller sees the group: one of its own, or one that one of the caller's organisations belongs to.</summary>
    public bool MaySee(ResilienceGroupView group, ReferenceDataSnapshot catalogue) =>
        ReachesGroup(group)
        || (ActsForOrganisations && group.MemberIds.Any(id => catalogue.OrganisationsById.TryGetValue(id, out var o) && ReportsFor(o)));

    public bool IsAdmin => Roles.Contains(Access.Roles.Admin);

    /// <summary>Whether the caller is an admin acting in the group with this code.</summary>
    public bool Administers(string groupCode) =>
        IsAdmin && Groups is { } groups && (groups.Contains(EveryGroup) || groups.Contains(groupCode, StringComparer.OrdinalIgnoreCase));

    /// <summary>An admin of every group (<c>*</c>): sets up new groups and keeps the measure catalogue.</summary>
    public bool AdministersEveryGroup => IsAdmin && Groups?.Contains(EveryGroup) == true;

    /// <summary>
    /// Whether the caller may save the organisation that belongs to the groups with these codes: an admin of one of
    /// them; an organisation in no group (or a new one), any admin.
    /// </summary>
    public bool MayKeepOrganisation(IReadOnlyCollection<string> groupCodes) => IsAdmin && (groupCodes.Count == 0 || groupCodes.Any(Administers));

    /// <summary>Whether the caller may save the group with this code: an admin of it; a group that does not exist yet, an admin of every group.</summary>
    public bool MayKeepGroup(string code, bool exists) => exists ? Administers(code) : AdministersEveryGroup;

    /// <summary>Whether the caller may create or revise measures: an admin of every group, since every group's returns use the catalogue.</summary>
    public bool MayKeepCatalogue => AdministersEveryGroup;

    /// <summary>
    /// Whether the caller keeps (reads and writes) the contacts of a group, or of an organisation in these groups: a
    /// director or an admin of one of them. Contacts hold people's addresses, so no one else sees them.
    /// </summary>
    public bool KeepsContactsOf(IEnumerable<ResilienceGroupView> groups) => (IsDirector || IsAdmin) && groups.Any(ReachesGroup);

    /// <summary>Whether the caller directs the group: declares its incidents, stands them down, writes for any of their participants.</summary>
    public bool Directs(ResilienceGroupView group) => IsDirector && ReachesGroup(group);

    /// <summary>Whether the caller directs the incident's group.</summary>
    public bool Directs(IncidentView incident, ReferenceDataSnapshot catalogue) =>
        catalogue.GroupsById.GetValueOrDefault(incident.GroupId) is { } group && Directs(group);

    /// <summary>A director writes for any organisation of the incidents it directs; a reporter or signatory only for the organisations in its token.</summary>
    public bool MayWriteFor(IncidentView incident, OrganisationView organisation, ReferenceDataSnapshot catalogue) =>
        Directs(incident, catalogue) || (ActsForOrganisations && ReportsFor(organisation));

    /// <summary>Whether the caller could write for the organisation in some incident (a director, or one of its own), before the incident is known.</summary>
    public bool CouldWriteFor(OrganisationView organisation) => IsDirector || (ActsForOrganisations && ReportsFor(organisation));

    /// <summary>
    /// Whether the caller signs off the organisation's returns: a signatory of it, by its token's ODS codes. Never a
    /// director as such: the organisation's own officer vouches for its figures.
    /// </summary>
    public bool SignsOffFor(OrganisationView organisation) => Roles.Contains(Access.Roles.Signatory) && ReportsFor(organisation);

    private bool ActsForOrganisations => Roles.Any(Access.Roles.ActForOrganisations.Contains);

    /// <summary>The organisation is one of the caller's own (by its token's ODS codes).</summary>
    public bool ReportsFor(OrganisationView organisation) => Organisations.Contains(organisation.OdsCode, StringComparer.OrdinalIgnoreCase);

    /// <summary>The organisation a version is recorded as written for, when the writer is not one of its own.</summary>
    public string? OnBehalfOf(string odsCode) => Organisations.Contains(odsCode, StringComparer.OrdinalIgnoreCase) ? null : odsCode;

    // A token's name is recorded on every version it writes: shortened, and with no control or bidirectional character
    // left to make it read as someone else's (a token cannot be refused for its name, so these are replaced).
    private static string Shorten(string text) => string.Concat((text.Length > MaxNameLength ? text[..MaxNameLength] : text)
        .Select(c => char.IsControl(c) || c is '\u061C' or >= '\u200E' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' ? '\uFFFD' : c));

    public static Actor From(ClaimsPrincipal? user, AccessOptions options, string? clientAddress)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return new("anonymous", [], [], clientAddress);
        }

        var subject = user.FindFirst("sub")?.Value ?? user.Identity.Name ?? "unnamed";
        var name = user.FindFirst(options.NameClaim)?.Value ?? subject;
        return new(
            Shorten(name),
            [.. user.FindAll(options.RoleClaim).Select(c => c.Value).Distinct()],
            [.. user.FindAll(options.OrganisationClaim).Select(c => c.Value.Trim().ToUpperInvariant()).Distinct()],
            clientAddress,
            Shorten(subject),
            [.. user.FindAll(options.GroupClaim).Select(c => c.Value.Trim().ToUpperInvariant()).Distinct()]);
    }
}

internal static class ActorResolveContextExtensions
{
    /// <summary>The actor of the request a resolver serves.</summary>
    public static Actor Actor(this IResolveFieldContext context) => Access.Actor.From(
        context.User,
        context.Service<IOptions<AccessOptions>>().Value,
        context.Service<IHttpContextAccessor>().HttpContext?.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// What the request's caller may read of incidents: the incident itself, or null for one outside its scope, which
    /// answers as absent. Asked for by id (<paramref name="byId"/>), such an incident is also a refusal the audit trail keeps.
    /// </summary>
    public static async ValueTask<Func<IncidentView?, IncidentView?>> ReadableIncidentsAsync(this IResolveFieldContext context, bool byId = true)
    {
        var (actor, catalogue) = (context.Actor(), await context.ReferenceDataAsync());
        var refusals = byId ? context.Service<Refusals>() : null;
        return incident =>
        {
            if (incident is null || actor.MayRead(incident, catalogue))
            {
                return incident;
            }

            refusals?.Forbidden(actor, AuditActions.ReadIncident, $"Incident {incident.Reference}, outside the caller's groups", incident.Id);
            return null;
        };
    }
}
