using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.ReferenceData;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Data.Seeding;

/// <summary>
/// The seed files, read and checked as a whole before anything is written: a malformed file
/// stops start-up with every problem listed, each naming the file and the entry.
/// </summary>
internal sealed class SeedSet
{
    public const string OrganisationsFileName = "organisations.json";
    public const string GroupsFileName = "groups.json";
    public const string MeasuresFileName = "measures.json";
    public const string DemoFolder = "demo";

    private readonly List<string> _problems = [];

    public List<Organisation> Organisations { get; } = [];
    public List<(ResilienceGroup Group, List<string> MemberCodes)> Groups { get; } = [];
    public List<Measure> Measures { get; } = [];
    public List<DemoIncident> DemoIncidents { get; } = [];

    public static SeedSet Load(string directory, bool includeDemo)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedDataException($"The seed folder '{directory}' does not exist (set Seed:Path).");
        }

        var set = new SeedSet();
        set.ReadOrganisations(directory);
        set.ReadGroups(directory);
        set.ReadMeasures(directory);
        if (includeDemo)
        {
            var demoDirectory = Path.Combine(directory, DemoFolder);
            string[] demoFiles = Directory.Exists(demoDirectory) ? [.. Directory.GetFiles(demoDirectory, "*.json").Order(StringComparer.Ordinal)] : [];
            foreach (var file in demoFiles)
            {
                set.ReadDemo(directory, file);
            }
        }

        if (set._problems.Count > 0)
        {
            throw new SeedDataException("The seed data cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, set._problems.Select(p => "  " + p)));
        }

        return set;
    }

    private T? Read<T>(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            _problems.Add($"{displayName}: the file is missing.");
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), SeedJson.Options);
        }
        catch (JsonException exception)
        {
            _problems.Add($"{displayName}: not valid seed JSON at line {exception.LineNumber + 1} ({exception.Path}): {exception.Message}");
            return default;
        }
    }

    private void ReadOrganisations(string directory)
    {
        const string file = "seeds/" + OrganisationsFileName;
        var data = Read<OrganisationsFile>(Path.Combine(directory, OrganisationsFileName), file);
        foreach (var (entry, index) in (data?.Organisations ?? []).Select((e, i) => (e, i)))
        {
            var where = $"{file}: organisations[{index}]{(entry?.OdsCode is { } code ? $" ({code})" : "")}";
            if (entry?.OdsCode is not { Length: > 0 and <= 32 } odsCode || entry.Name is not { Length: > 0 } name)
            {
                _problems.Add($"{where}: odsCode (up to 32 characters) and name are required.");
                continue;
            }

            if (!OrganisationTypeNames.TryParse(entry.Type, out var type))
            {
                _problems.Add($"{where}: type '{entry.Type}' is not an organisation type.");
                continue;
            }

            var local = entry.LocalIdentifier ?? false;
            if (local != odsCode.StartsWith("LOCAL-", StringComparison.Ordinal))
            {
                _problems.Add($"{where}: a local identifier must be marked localIdentifier: true and start with LOCAL-, and only then.");
            }

            if (Organisations.Any(o => o.OdsCode == odsCode))
            {
                _problems.Add($"{where}: the code appears twice.");
            }

            Organisations.Add(new Organisation { OdsCode = odsCode, Name = name, Type = type, IsLocalIdentifier = local });
        }
    }

    private void ReadGroups(string directory)
    {
        const string file = "seeds/" + GroupsFileName;
        var data = Read<GroupsFile>(Path.Combine(directory, GroupsFileName), file);
        foreach (var (entry, index) in (data?.Groups ?? []).Select((e, i) => (e, i)))
        {
            var where = $"{file}: groups[{index}]{(entry?.Code is { } code ? $" ({code})" : "")}";
            if (entry?.Code is not { Length: > 0 and <= 32 } groupCode || entry.Name is not { Length: > 0 } name || entry.Members is null)
            {
                _problems.Add($"{where}: code, name and members are required.");
                continue;
            }

            var members = new List<string>();
            foreach (var member in entry.Members)
            {
                if (member is null || Organisations.All(o => o.OdsCode != member))
                {
                    _problems.Add($"{where}: member '{member}' is not in {OrganisationsFileName}.");
                }
                else
                {
                    members.Add(member);
                }
            }

            Groups.Add((new ResilienceGroup { Code = groupCode, Name = name }, members));
        }
    }

    private void ReadMeasures(string directory)
    {
        const string file = "seeds/" + MeasuresFileName;
        var data = Read<MeasuresFile>(Path.Combine(directory, MeasuresFileName), file);
        var entries = data?.Measures ?? [];
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            var where = $"{file}: measures[{index}]{(entry?.Code is { } code ? $" ({code})" : "")}";
            if (entry?.Code is not { Length: > 0 and <= 64 } measureCode || entry.Name is not { Length: > 0 } name || entry.Unit is not { Length: > 0 } unit)
            {
                _problems.Add($"{where}: code (up to 64 characters), name and unit are required.");
                continue;
            }

            var kind = entry.Kind switch
            {
                "SNAPSHOT" => MeasureKind.Snapshot,
                "CUMULATIVE_DAILY" => MeasureKind.CumulativeDaily,
                _ => (MeasureKind?)null,
            };
            if (kind is null)
            {
                _problems.Add($"{where}: kind '{entry.Kind}' is neither SNAPSHOT nor CUMULATIVE_DAILY.");
                continue;
            }

            var appliesTo = new List<MeasureApplicability>();
            foreach (var applicability in entry.AppliesTo ?? [])
            {
                if (!OrganisationTypeNames.TryParse(applicability?.Type, out var type))
                {
                    _problems.Add($"{where}: appliesTo type '{applicability?.Type}' is not an organisation type.");
                }
                else if (appliesTo.Any(a => a.OrganisationType == type))
                {
                    _problems.Add($"{where}: appliesTo names {applicability!.Type} twice.");
                }
                else
                {
                    appliesTo.Add(new MeasureApplicability { OrganisationType = type, Required = applicability!.Required ?? false });
                }
            }

            if (appliesTo.Count == 0)
            {
                _problems.Add($"{where}: appliesTo must name at least one organisation type.");
            }

            if (entry.Alert is { WarningAbove: < 0 } or { CriticalAbove: < 0 }
                || entry.Alert is { WarningAbove: { } warning, CriticalAbove: { } critical } && critical < warning)
            {
                _problems.Add($"{where}: alert thresholds must be non-negative and critical at or above warning.");
            }

            if (entry.MaxValue is <= 0 or > Measure.LargestMaxValue)
            {
                _problems.Add($"{where}: maxValue must be between 1 and {Measure.LargestMaxValue}.");
            }

            if (Measures.Any(m => m.Code == measureCode))
            {
                _problems.Add($"{where}: the code appears twice.");
            }

            Measures.Add(new Measure
            {
                Code = measureCode, Name = name, Unit = unit, Kind = kind.Value, MustNotExceed = entry.MustNotExceed,
                WarningAbove = entry.Alert?.WarningAbove, CriticalAbove = entry.Alert?.CriticalAbove, SortOrder = index,
                MaxValue = entry.MaxValue ?? Measure.DefaultMaxValue, AppliesTo = appliesTo,
            });
        }

        foreach (var (measure, index) in Measures.Select((m, i) => (m, i)))
        {
            if (measure.MustNotExceed is not { } boundCode)
            {
                continue;
            }

            var bound = Measures.FirstOrDefault(m => m.Code == boundCode);
            var uncovered = bound is null ? [] : measure.AppliesTo.Select(a => a.OrganisationType).Except(bound.AppliesTo.Select(a => a.OrganisationType)).ToList();
            if (bound is null || uncovered.Count > 0)
            {
                _problems.Add($"{file}: measures ({measure.Code}): mustNotExceed '{boundCode}' must be a measure that applies to every type this one does.");
            }
        }
    }

    private void ReadDemo(string directory, string path)
    {
        var file = "seeds/" + Path.GetRelativePath(directory, path).Replace('\\', '/');
        var data = Read<DemoFile>(path, file);
        if (data is null)
        {
            return;
        }

        if (data.Synthetic is not true)
        {
            _problems.Add($"{file}: demo data must be marked \"synthetic\": true.");
        }

        var incidentSeed = data.Incident;
        var windows = new List<ReportingWindow>();
        foreach (var (window, index) in (incidentSeed?.Windows ?? []).Select((w, i) => (w, i)))
        {
            if (DateOnly.TryParseExact(window?.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && TimeOnly.TryParseExact(window?.FirstReportAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                && TimeOnly.TryParseExact(window?.LastReportAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            {
                windows.Add(new ReportingWindow(date, first, last));
            }
            else
            {
                _problems.Add($"{file}: incident.windows[{index}]: date (yyyy-MM-dd), firstReportAt and lastReportAt (HH:mm) are required.");
            }
        }

        if (incidentSeed is not { Reference.Length: > 0, Title.Length: > 0, Kind.Length: > 0, Group.Length: > 0, TimeZone.Length: > 0, CadenceMinutes: { } cadence, GraceMinutes: { } grace, DeclaredAt: { } declaredAt })
        {
            _problems.Add($"{file}: incident: reference, title, kind, group, timeZone, cadenceMinutes, graceMinutes and declaredAt are required.");
            return;
        }

        var scheduleProblems = ReportingSchedule.Validate(incidentSeed.TimeZone, cadence, grace, windows);
        _problems.AddRange(scheduleProblems.Select(p => $"{file}: incident.{string.Join('.', p.Field)}: {p.Message}"));
        var group = Groups.FirstOrDefault(g => g.Group.Code == incidentSeed.Group);
        if (group.Group is null)
        {
            _problems.Add($"{file}: incident: group '{incidentSeed.Group}' is not in {GroupsFileName}.");
        }

        if (scheduleProblems.Count > 0 || group.Group is null || windows.Count != (incidentSeed.Windows?.Count ?? 0))
        {
            return;
        }

        var schedule = new ReportingSchedule(incidentSeed.TimeZone, cadence, grace, windows);
        var zone = DateTimeZoneProviders.Tzdb[incidentSeed.TimeZone];
        var catalogue = new ReferenceDataSnapshot([], [], Measures.Select((m, i) => new ReferenceDataQueries.MeasureRow(
            i + 1, m.Code, m.Name, m.Unit, m.Kind, m.MustNotExceed, m.WarningAbove, m.CriticalAbove, m.MaxValue,
            [.. m.AppliesTo.Select(a => new ReferenceDataQueries.MeasureApplicabilityRow(a.OrganisationType, a.Required))]).ToView()));
        var demo = new DemoIncident(
            new Incident
            {
                Reference = incidentSeed.Reference, Title = incidentSeed.Title, Kind = incidentSeed.Kind, TimeZone = incidentSeed.TimeZone,
                CadenceMinutes = cadence, GraceMinutes = grace, DeclaredAt = declaredAt.ToUniversalTime(), DeclaredBy = "Seed data (synthetic)",
                StoodDownAt = incidentSeed.StandDownAt?.ToUniversalTime(), StoodDownBy = incidentSeed.StandDownAt is null ? null : "Seed data (synthetic)",
                Windows = [.. windows.Select(w => new IncidentWindow { Date = w.Date, FirstReportAt = w.FirstReportAt, LastReportAt = w.LastReportAt })],
            },
            group.Group.Code,
            group.MemberCodes,
            []);

        foreach (var (entry, index) in (data.Returns ?? []).Select((r, i) => (r, i)))
        {
            var where = $"{file}: returns[{index}]{(entry is null ? "" : $" ({entry.Organisation} {entry.ReportAt})")}";
            var organisation = Organisations.FirstOrDefault(o => o.OdsCode == entry?.Organisation);
            if (entry is null || organisation is null || !group.MemberCodes.Contains(organisation.OdsCode))
            {
                _problems.Add($"{where}: organisation must be a member of {group.Group.Code}.");
                continue;
            }

            var local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(entry.ReportAt ?? "");
            var period = local.Success ? schedule.FindPeriod(zone.AtLeniently(local.Value).ToDateTimeUtc()) : null;
            if (period is null)
            {
                _problems.Add($"{where}: reportAt must be a local report time of the schedule (yyyy-MM-ddTHH:mm).");
                continue;
            }

            var versions = new List<DemoVersion>();
            var original = ReadVersion(where, entry.SubmittedMinutesAfter, entry.SubmittedBy, null, entry.OpelLevel, entry.CriticalIncidentDeclared,
                entry.Measures, entry.KeyIssues, entry.Mitigations, entry.SupportRequested, organisation.Type, catalogue, period.Value);
            if (original is not null)
            {
                versions.Add(original);
            }

            foreach (var (amendment, amendmentIndex) in (entry.Amendments ?? []).Select((a, i) => (a, i)))
            {
                var amendmentWhere = $"{where}: amendments[{amendmentIndex}]";
                if (amendment?.Reason is not { Length: > 0 })
                {
                    _problems.Add($"{amendmentWhere}: an amendment needs a reason.");
                    continue;
                }

                var version = ReadVersion(amendmentWhere, amendment.SubmittedMinutesAfter, amendment.SubmittedBy, amendment.Reason, amendment.OpelLevel,
                    amendment.CriticalIncidentDeclared, amendment.Measures, amendment.KeyIssues, amendment.Mitigations, amendment.SupportRequested,
                    organisation.Type, catalogue, period.Value);
                if (version is not null && versions.Count > 0 && version.SubmittedAt <= versions[^1].SubmittedAt)
                {
                    _problems.Add($"{amendmentWhere}: must be submitted after the version it amends.");
                }
                else if (version is not null)
                {
                    versions.Add(version);
                }
            }

            if (demo.Returns.Any(r => r.OrganisationCode == organisation.OdsCode && r.PeriodStartsAt == period.Value.StartsAt))
            {
                _problems.Add($"{where}: a second return for the same organisation and period.");
            }
            else if (versions.Count > 0)
            {
                demo.Returns.Add(new DemoReturn(organisation.OdsCode, period.Value.StartsAt, period.Value.DueAt, versions));
            }
        }

        DemoIncidents.Add(demo);
    }

    private DemoVersion? ReadVersion(
        string where, int? minutesAfter, string? submittedBy, string? reason, int? opelLevel, bool? critical,
        Dictionary<string, int>? measures, string? keyIssues, string? mitigations, string? supportRequested,
        OrganisationType type, ReferenceDataSnapshot catalogue, ReportingPeriod period)
    {
        if (minutesAfter is not { } minutes || opelLevel is not { } opel || critical is not { } criticalIncident || measures is null || submittedBy is not { Length: > 0 })
        {
            _problems.Add($"{where}: submittedMinutesAfter, submittedBy, opelLevel, criticalIncidentDeclared and measures are required.");
            return null;
        }

        var submittedAt = period.StartsAt.AddMinutes(minutes);
        if (submittedAt < period.OpensAt)
        {
            _problems.Add($"{where}: submitted before the period opened for submission.");
        }

        var content = new SitrepContent(opel, criticalIncident, [.. measures.Select(m => new MeasureValueInput(m.Key, m.Value))], keyIssues, mitigations, supportRequested);
        var errors = SitrepRules.Validate(content, type, catalogue);
        _problems.AddRange(errors.Select(e => $"{where}: {e.Message}"));
        return errors.Count == 0 ? new DemoVersion(submittedAt, submittedBy, reason, content) : null;
    }
}

internal sealed record DemoIncident(Incident Incident, string GroupCode, List<string> ParticipantCodes, List<DemoReturn> Returns);

internal sealed record DemoReturn(string OrganisationCode, DateTime PeriodStartsAt, DateTime DueAt, List<DemoVersion> Versions);

internal sealed record DemoVersion(DateTime SubmittedAt, string SubmittedBy, string? Reason, SitrepContent Content);
