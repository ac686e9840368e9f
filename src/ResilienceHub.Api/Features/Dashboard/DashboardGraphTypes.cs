using System.Diagnostics;
using GraphQL;
using GraphQL.Types;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Observability;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.Api.Features.Dashboard;

public sealed class ReturnStatusGraphType : EnumerationGraphType<ReturnStatus>
{
    public ReturnStatusGraphType() => Name = "ReturnStatus";
}

public sealed class AlertSeverityGraphType : EnumerationGraphType<AlertSeverity>
{
    public AlertSeverityGraphType() => Name = "AlertSeverity";
}

public sealed class ComplianceGraphType : ObjectGraphType<ComplianceView>
{
    public ComplianceGraphType()
    {
        Name = "Compliance";
        this.ReadsAsOf();
        Description = "Returns expected up to the dashboard's asOf (participants × periods due by then), and how they arrived.";
        Field(c => c.Expected);
        Field(c => c.OnTime);
        Field(c => c.Late);
        Field(c => c.Overdue);
        Field(c => c.PercentOnTime).Description("onTime as a percentage of expected, to one decimal place; 100 when nothing is due yet.");
        Field(c => c.SignedOff).Description("Of the returns counted in onTime and late, those signed off by asOf (0 where the incident does not require sign-off).");
        Field(c => c.AwaitingSignOff).Description("Of the returns counted in onTime and late, those awaiting sign-off at asOf (0 where the incident does not require sign-off).");
        Field(c => c.Nil).Description("Of the returns counted in onTime and late, the nil returns (not affected that period).");
    }
}

public sealed class MeasureTotalGraphType : ObjectGraphType<MeasureTotalView>
{
    public MeasureTotalGraphType()
    {
        Name = "MeasureTotal";
        this.ReadsAsOf();
        Field<NonNullGraphType<MeasureGraphType>>("measure").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<IntGraphType>>("value").Description("SNAPSHOT: the sum of latest returns. CUMULATIVE_DAILY: the sum for the local day of asOf.")
            .Resolve(c => Totals.AsInt(c.Source.Value));
        Field<IntGraphType>("incidentToDate").Description("CUMULATIVE_DAILY only: the sum over every local day of the incident up to asOf's.")
            .Resolve(c => c.Source.IncidentToDate is { } sum ? Totals.AsInt(sum) : null);
        Field(t => t.ReportingOrganisations).Description("How many organisations' returns make up value (a nil return gives none).");
        Field(t => t.AwaitingSignOff).Description("How many of those returns await sign-off: value rests on them.");
    }
}

public sealed class OpelCountGraphType : ObjectGraphType<OpelCountView>
{
    public OpelCountGraphType()
    {
        Name = "OpelCount";
        this.ReadsAsOf();
        Field(o => o.Level);
        Field(o => o.Organisations);
    }
}

public sealed class MeasureChangeGraphType : ObjectGraphType<MeasureChangeView>
{
    public MeasureChangeGraphType()
    {
        Name = "MeasureChange";
        this.ReadsAsOf();
        Description = "A measure whose value moved between an organisation's previous return and its latest.";
        Field<NonNullGraphType<MeasureGraphType>>("measure").Resolve(c => c.Source.Measure);
        Field(c => c.Previous, nullable: true);
        Field(c => c.Current, nullable: true);
        Field(c => c.Difference, nullable: true);
    }
}

public sealed class OrganisationStatusGraphType : ObjectGraphType<OrganisationStatusView>
{
    public OrganisationStatusGraphType()
    {
        Name = "OrganisationStatus";
        this.ReadsAsOf();
        Field<NonNullGraphType<OrganisationGraphType>>("organisation").Resolve(c => c.Source.Organisation);
        Field<SitrepGraphType>("latest").Description("The latest return as of the dashboard's asOf.").Resolve(c => c.Source.Latest);
        Field<SitrepGraphType>("previous").Description("The return before the latest, as of asOf.").Resolve(c => c.Source.Previous);
        Field<NonNullGraphType<ReturnStatusGraphType>>("currentReturn")
            .Description("The status of the most recent period whose submission interval has opened.")
            .Resolve(c => c.Source.CurrentReturn);
        Field(s => s.OpelLevel, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportingPeriodGraphType>>>>("overduePeriods")
            .Description("Earliest first; first: only the earliest that many (overdueCount says how many there are).")
            .Argument<IntGraphType>("first")
            .Resolve(c => DashboardArguments.First(c, c.Source.OverduePeriods));
        Field<NonNullGraphType<IntGraphType>>("overdueCount").Description("How many periods are overdue.").Resolve(c => c.Source.OverduePeriods.Count);
        Field(s => s.AwaitingSignOff).Description("The latest return awaits sign-off by a signatory of the organisation (only where the incident requires sign-off).");
        Field(s => s.MinutesSinceLatestReturn, nullable: true).Description("How stale the picture is: minutes from the latest return's report time to asOf.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureChangeGraphType>>>>("changes")
            .Description("What changed since the previous return.")
            .Resolve(c => c.Source.Changes);
    }
}

public sealed class AlertGraphType : ObjectGraphType<AlertView>
{
    public AlertGraphType()
    {
        Name = "Alert";
        this.ReadsAsOf();
        Field<NonNullGraphType<AlertSeverityGraphType>>("severity").Resolve(c => c.Source.Severity);
        Field(a => a.Kind).Description("OPEL_4, OPEL_RAISED, CRITICAL_INCIDENT, RETURN_OVERDUE, THRESHOLD, SUPPORT_REQUESTED or ACTION_OVERDUE (an action open past its due time).");
        Field<OrganisationGraphType>("organisation").Resolve(c => c.Source.Organisation);
        Field(a => a.Message);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("at").Description("When the cause arose: the return's submission, or the missed due time.").Resolve(c => c.Source.At);
    }
}

public sealed class SeriesPointGraphType : ObjectGraphType<SeriesPointView>
{
    public SeriesPointGraphType()
    {
        Name = "SeriesPoint";
        this.ReadsAsOf();
        Field<NonNullGraphType<UtcDateTimeGraphType>>("startsAt").Resolve(c => c.Source.StartsAt);
        Field<NonNullGraphType<IntGraphType>>("value").Resolve(c => Totals.AsInt(c.Source.Value));
    }
}

public sealed class MeasureSeriesGraphType : ObjectGraphType<MeasureSeriesView>
{
    public MeasureSeriesGraphType()
    {
        Name = "MeasureSeries";
        this.ReadsAsOf();
        Field<NonNullGraphType<MeasureGraphType>>("measure").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeriesPointGraphType>>>>("points").Resolve(c => c.Source.Points);
    }
}

public sealed class DashboardGraphType : ObjectGraphType<DashboardView>
{
    public DashboardGraphType()
    {
        Name = "Dashboard";
        this.ReadsAsOf();
        Description = "The whole system as it stood at asOf: only versions submitted by then count.";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("asOf").Resolve(c => c.Source.AsOf);
        Field(d => d.Exercise).Description("The incident is an exercise: a screen showing this says so on every page.");
        Field<ReportingPeriodGraphType>("currentPeriod").Resolve(c => c.Source.CurrentPeriod);
        Field(d => d.SystemOpelLevel, nullable: true).Description("The highest OPEL level among latest returns.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpelCountGraphType>>>>("opelSpread")
            .Description("How many organisations stand at each OPEL level, 1 to 4.")
            .Resolve(c => c.Source.OpelSpread);
        Field<NonNullGraphType<ComplianceGraphType>>("compliance").Resolve(c => c.Source.Compliance);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationStatusGraphType>>>>("organisations")
            .Description("Every participant, or only those with the ids given (in the dashboard's order; ids of others are ignored): a screen asks the details of the tiles it draws.")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("ids")
            .Resolve(c => c.GetArgument<List<string>?>("ids") is { } ids ? Only(c.Source.Organisations, ids) : c.Source.Organisations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureTotalGraphType>>>>("totals")
            .Description("Every measure reported by at least one participant, in catalogue order.")
            .Resolve(c => c.Source.Totals);
        Field<MeasureTotalGraphType>("total")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .Resolve(c => c.Source.Totals.FirstOrDefault(t => t.Measure.Code == c.GetArgument<string>("code")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AlertGraphType>>>>("alerts")
            .Description("Newest first; severity, kind: only those; first: only the newest that many (alertCount says how many there are).")
            .Argument<AlertSeverityGraphType>("severity")
            .Argument<StringGraphType>("kind")
            .Argument<IntGraphType>("first")
            .Resolve(c => DashboardArguments.First(c, DashboardArguments.Alerts(c, c.Source.Alerts)));
        Field<NonNullGraphType<IntGraphType>>("alertCount")
            .Description("How many alerts there are, of this severity and kind where given.")
            .Argument<AlertSeverityGraphType>("severity")
            .Argument<StringGraphType>("kind")
            .Resolve(c => DashboardArguments.Alerts(c, c.Source.Alerts).Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureSeriesGraphType>>>>("trend")
            .Description("For each requested measure, the system total at each report time up to asOf, ready for a chart.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("codes")
            .ResolveAsync(async c =>
            {
                var codes = c.GetArgument<List<string>>("codes");
                var catalogue = await c.ReferenceDataAsync();
                var unknown = codes.Where(code => !catalogue.MeasuresByCode.ContainsKey(code)).ToList();
                return unknown.Count == 0
                    ? c.Source.Trend(codes)
                    : throw new ExecutionError($"Not measures in the catalogue: {string.Join(", ", unknown)}.") { Code = "INVALID_ARGUMENT" };
            });
    }

    private static List<OrganisationStatusView> Only(IReadOnlyList<OrganisationStatusView> organisations, List<string> ids)
    {
        var wanted = ids.Select(id => Ids.Parse(id, NodeTypes.Organisation)).OfType<int>().ToHashSet();
        return [.. organisations.Where(o => wanted.Contains(o.Organisation.Id))];
    }
}

/// <summary>The dashboard's lists as a screen asks for what it shows: only some alerts, only the first few of a list.</summary>
internal static class DashboardArguments
{
    public static IReadOnlyList<T> First<T>(IResolveFieldContext context, IReadOnlyList<T> items) => context.GetArgument<int?>("first") switch
    {
        null => items,
        < 0 => throw new ExecutionError("first must not be negative.") { Code = "INVALID_ARGUMENT" },
        var first => first >= items.Count ? items : [.. items.Take(first.Value)],
    };

    public static IReadOnlyList<AlertView> Alerts(IResolveFieldContext context, IReadOnlyList<AlertView> alerts)
    {
        var severity = context.GetArgument<AlertSeverity?>("severity");
        var kind = context.GetArgument<string?>("kind");
        return severity is null && kind is null ? alerts : [.. alerts.Where(a => (severity is null || a.Severity == severity) && (kind is null || a.Kind == kind))];
    }
}

/// <summary>A 64-bit total as GraphQL's Int: never wrapped; a total beyond Int's range is an error of that field alone.</summary>
internal static class Totals
{
    public const string OutOfRange = "TOTAL_OUT_OF_RANGE";

    public static int AsInt(long total) => total is >= int.MinValue and <= int.MaxValue
        ? (int)total
        : throw new ExecutionError($"This total ({total}) is larger than GraphQL's Int can carry.") { Code = OutOfRange };
}

/// <summary>
/// The dashboard field. It and every type beneath it read only the dashboard computed for its instant, state and
/// reference data (<see cref="AsOfFields"/>): a dashboard of a past instant outlives returns recorded after it.
/// </summary>
internal static class DashboardFields
{
    public static void AddDashboardField(this ObjectGraphType<IncidentView> incident) =>
        incident.Field<NonNullGraphType<DashboardGraphType>>("dashboard")
            .Description("The director's dashboard as it stood at asOf (default: now). A past asOf replays exactly what was known then.")
            .Argument<UtcDateTimeGraphType>("asOf")
            .ReadsAsOf()
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var now = c.Service<TimeProvider>().GetUtcNow().UtcDateTime;
                var asOf = c.GetArgument<DateTime?>("asOf") ?? now;
                return asOf > now
                    ? throw new ExecutionError("asOf cannot be in the future: the dashboard shows what was known.") { Code = "INVALID_ARGUMENT" }
                    : await ComputeAsync(c, c.Source, asOf, now);
            });

    /// <summary>The dashboard of an incident at asOf, from its ledger brought up to date.</summary>
    public static async Task<DashboardView> ComputeAsync(IResolveFieldContext c, IncidentView incident, DateTime asOf, DateTime now)
    {
        var started = Stopwatch.GetTimestamp();
        var catalogue = await c.ReferenceDataAsync();
        var ledger = await c.Service<IncidentLedgers>().GetAsync(incident, catalogue, c.CancellationToken);
        var dashboard = DashboardCalculator.Compute(incident, ledger, catalogue, asOf) with { Exercise = incident.Exercise };
        var nextChange = DashboardClock.NextChange(incident, dashboard);
        foreach (var source in c.Service<IEnumerable<IDashboardAlertSource>>())
        {
            var (more, sourceChange) = await source.AlertsAtAsync(incident, catalogue, asOf, c.CancellationToken);
            if (more.Count > 0)
            {
                dashboard = dashboard with { Alerts = DashboardAlerts.NewestFirst(dashboard.Alerts.Concat(more)) };
            }

            nextChange = DashboardClock.Earliest(nextChange, sourceChange);
        }

        c.Service<ResilienceMetrics>().DashboardComputed(Stopwatch.GetElapsedTime(started));
        if (asOf == now)
        {
            // A dashboard of now holds until the clock alone would change it or anything is written; one of a past
            // instant, until something is written that counts from then or earlier.
            c.AnswerChangesAt(nextChange);
            c.AnswerReadsUpTo(null);
            c.Service<OverdueReturnsGauge>().Record(incident, dashboard);
        }
        else
        {
            c.AnswerReadsUpTo(asOf);
        }

        return dashboard;
    }
}
