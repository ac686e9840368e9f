using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Organisations;

/// <summary>What an organisation and a group may be called, checked before anything is stored (docs/reference-data.md).</summary>
public static class OrganisationRules
{
    public const string LocalPrefix = "LOCAL-";

    /// <summary>An ODS code: 3 to 6 capital letters and digits (RNL, 01H, A81001).</summary>
    public static bool IsOdsCode(string code) => code.Length is >= 3 and <= 6 && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <summary>A local identifier: LOCAL- and capital letters, digits and hyphens (LOCAL-CHOC), within the column.</summary>
    public static bool IsLocalIdentifier(string code) =>
        code.StartsWith(LocalPrefix, StringComparison.Ordinal) && code.Length is > 6 and <= OrganisationLimits.CodeMaxLength
        && code[LocalPrefix.Length..].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>A group's code: 2 to 32 capital letters, digits and hyphens, beginning with a letter or digit (NCSRG).</summary>
    public static bool IsGroupCode(string code) =>
        code.Length is >= 2 and <= OrganisationLimits.CodeMaxLength && char.IsAsciiLetterOrDigit(code[0])
        && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Every problem with the organisation's own fields (its code trimmed, its name trimmed), each with its input path.</summary>
    public static List<UserError> Validate(string odsCode, string name, bool localIdentifier, string? reason)
    {
        var errors = new List<UserError>();
        var local = odsCode.StartsWith(LocalPrefix, StringComparison.Ordinal);
        if (local && !IsLocalIdentifier(odsCode))
        {
            errors.Add(new("INVALID_LOCAL_IDENTIFIER",
                $"A local identifier is {LocalPrefix} followed by up to {OrganisationLimits.CodeMaxLength - LocalPrefix.Length} capital letters, digits and hyphens, e.g. LOCAL-CHOC; '{odsCode}' is not one.",
                ["odsCode"]));
        }
        else if (!local && !IsOdsCode(odsCode))
        {
            errors.Add(new("INVALID_ODS_CODE",
                $"An ODS code is 3 to 6 capital letters and digits, such as RNL, 01H or A81001; '{odsCode}' is not one. An organisation without an ODS code takes a local identifier instead: {LocalPrefix} and capital letters, digits or hyphens (e.g. LOCAL-CHOC), with localIdentifier: true.",
                ["odsCode"]));
        }

        if (localIdentifier && !local)
        {
            errors.Add(new("LOCAL_IDENTIFIER_MISMATCH",
                $"localIdentifier is true, but '{odsCode}' does not start with {LocalPrefix}: a local identifier does (e.g. LOCAL-CHOC), and an ODS code is sent with localIdentifier false or left out.",
                ["localIdentifier"]));
        }
        else if (!localIdentifier && local)
        {
            errors.Add(new("LOCAL_IDENTIFIER_MISMATCH",
                $"'{odsCode}' starts with {LocalPrefix}, so it is a local identifier, not an ODS code: send localIdentifier: true with it.",
                ["localIdentifier"]));
        }

        CheckName(errors, name, "Give the organisation its name, e.g. North Cumbria University Hospitals NHS Trust.");
        UserErrors.CheckText(errors, reason, "reason", OrganisationLimits.ReasonMaxLength, multiline: true);
        return errors;
    }

    /// <summary>Every problem with the group's own fields (its code trimmed, its name trimmed), each with its input path.</summary>
    public static List<UserError> ValidateGroup(string code, string name, string? reason)
    {
        var errors = new List<UserError>();
        if (!IsGroupCode(code))
        {
            errors.Add(new("INVALID_GROUP_CODE",
                $"A group's code is 2 to {OrganisationLimits.CodeMaxLength} capital letters, digits and hyphens, e.g. NCSRG; '{code}' is not one.",
                ["code"]));
        }

        CheckName(errors, name, "Give the group its name, e.g. North Cumbria System Resilience Group.");
        UserErrors.CheckText(errors, reason, "reason", OrganisationLimits.ReasonMaxLength, multiline: true);
        return errors;
    }

    /// <summary>
    /// The members a group is saved with, each checked at its index: an organisation that exists, and, unless it is a
    /// member already, one that is active and that the caller may keep (<paramref name="mayAdd"/>). Naming one twice is
    /// harmless. The ids of the members, or null when any is refused.
    /// </summary>
    public static List<int>? ReadMembers(
        List<UserError> errors, IReadOnlyList<string> ids, IReadOnlyDictionary<int, OrganisationView> organisations, IReadOnlySet<int> currentMembers,
        Func<OrganisationView, bool> mayAdd, Func<string, UserError> notFound)
    {
        if (ids.Count > OrganisationLimits.MaxMembers)
        {
            errors.Add(new("TOO_MANY_MEMBERS", $"A group has at most {OrganisationLimits.MaxMembers} members, as an incident has at most that many participants; {ids.Count} were given.", ["memberIds"]));
            return null;
        }

        var members = new List<int>();
        var refused = false;
        for (var index = 0; index < ids.Count; index++)
        {
            var at = UserErrors.Index(index);
            if (Ids.Parse(ids[index], NodeTypes.Organisation) is not { } id || !organisations.TryGetValue(id, out var organisation))
            {
                errors.Add(notFound(ids[index]) with { Field = ["memberIds", at] });
                refused = true;
            }
            else if (!currentMembers.Contains(id) && !organisation.Active)
            {
                errors.Add(new("ORGANISATION_RETIRED", $"{organisation.Name} ({organisation.OdsCode}) is retired, so it joins no group; bring it back with saveOrganisation(active: true) first if it reports again.", ["memberIds", at]));
                refused = true;
            }
            else if (!currentMembers.Contains(id) && !mayAdd(organisation))
            {
                errors.Add(new("MEMBER_OUTSIDE_SCOPE", $"{organisation.Name} ({organisation.OdsCode}) belongs to groups your token does not administer, so you may not add it to another: an admin of one of its groups, or of every group, can.", ["memberIds", at]));
                refused = true;
            }
            else
            {
                members.Add(id);
            }
        }

        return refused ? null : [.. members.Distinct()];
    }

    private static void CheckName(List<UserError> errors, string name, string example)
    {
        if (name.Length == 0)
        {
            errors.Add(new("NAME_REQUIRED", example, ["name"]));
        }

        UserErrors.CheckText(errors, name, "name", OrganisationLimits.NameMaxLength);
    }
}
