using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Dashboard;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.Features.Notifications;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Features.Incidents;

public sealed class IncidentStatusGraphType : EnumerationGraphType<IncidentStatus>
{
    public IncidentStatusGraphType() => Name = "IncidentStatus";
}

public sealed class ReportingWindowGraphType : ObjectGraphType<ReportingWindow>
{
    public ReportingWindowGraphType()
    {
        Name = "ReportingWindow";
        Description = "One local date of reporting; report times are local \"HH:mm\", both inclusive.";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<StringGraphType>>("firstReportAt").Resolve(c => FormatTime(c.Source.FirstReportAt));
        Field<NonNullGraphType<StringGraphType>>("lastReportAt").Resolve(c => FormatTime(c.Source.LastReportAt));
    }

    private static string FormatTime(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

public sealed class ReportingScheduleGraphType : ObjectGraphType<ReportingSchedule>
{
    public ReportingScheduleGraphType()
    {
        Name = "ReportingSchedule";
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("IANA time zone id.").Resolve(c => c.Source.TimeZoneId);
        Field(s => s.CadenceMinutes);
        Field(s => s.GraceMinutes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportingWindowGraphType>>>>("windows").Resolve(c => c.Source.Windows);
    }
}

public sealed class ReportingPeriodGraphType : ObjectGraphType<ReportingPeriod>
{
    public ReportingPeriodGraphType()
    {
        Name = "ReportingPeriod";
        this.ReadsAsOf();
        Description = "One report time of the schedule.";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("startsAt").Description("The \"as at\" instant of the return.").Resolve(c => c.Source.StartsAt);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("endsAt").Description("startsAt + cadence.").Resolve(c => c.Source.EndsAt);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("dueAt").Description("startsAt + grace; a first version after this is late.").Resolve(c => c.Source.DueAt);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("opensAt").Description("startsAt - grace; submissions are accepted from here on.").Resolve(c => c.Source.OpensAt);
        Field<NonNullGraphType<LocalDateGraphType>>("localDate").Description("The local calendar date of startsAt.").Resolve(c => c.Source.LocalDate);
    }
}

public sealed class IncidentGraphType : ObjectGraphType<IncidentView>
{
    public IncidentGraphType()
    {
        Name = "Incident";
        // Its state and reference data are marked ReadsAsOf field by field; its lists of returns, log and contacts are read as they stand now.
        Interface<NodeGraphType>();
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Ids.Format(NodeTypes.Incident, c.Source.Id)).ReadsAsOf();
        Field(i => i.Reference).ReadsAsOf();
        Field(i => i.Title).ReadsAsOf();
        Field(i => i.Kind).ReadsAsOf().Description("What kind of incident this is, e.g. INDUSTRIAL_ACTION.");
        Field<NonNullGraphType<IncidentStatusGraphType>>("status").ReadsAsOf()
            .Description("PLANNED until the first submission window opens, then ACTIVE, until STOOD_DOWN.")
            .Resolve(c =>
            {
                var now = c.Service<TimeProvider>().GetUtcNow().UtcDateTime;
                c.AnswerChangesAt(c.Source.StatusChangesAfter(now));
                return c.Source.StatusAt(now);
            });
        Field<NonNullGraphType<UtcDateTimeGraphType>>("declaredAt").Resolve(c => c.Source.DeclaredAt).ReadsAsOf();
        Field<UtcDateTimeGraphType>("stoodDownAt").Resolve(c => c.Source.StoodDownAt).ReadsAsOf();
        Field<UtcDateTimeGraphType>("amendableUntil")
            .Description("Until when its returns may be corrected and signed off (Sitreps:AmendableAfterStandDown after the stand-down); null while not stood down.")
            .Resolve(c => c.Service<IOptions<SitrepOptions>>().Value.AmendableUntil(c.Source.StoodDownAt));
        Field(i => i.RequiresSignOff).ReadsAsOf().Description("Each return awaits sign-off by a signatory of its organisation until signed off (signOffSitrep).");
        Field(i => i.Exercise).ReadsAsOf().Description("An exercise: every surface says so, its data is kept apart from live incidents', and it can be deleted once stood down.");
        Field<IncidentGraphType>("replayOf")
            .Description("The past incident this exercise replays, where the caller may read it.")
            .TracedWhenBatched().ResolveAsync(async c =>
                c.Source.ReplayOfId is { } id ? c.Service<IncidentLoader>().Load(id).Then(await c.ReadableIncidentsAsync()) : null);
        Field(i => i.ReplaySpeed, nullable: true).ReadsAsOf().Description("How many times faster than its source this exercise runs.");
        Field<NonNullGraphType<ResilienceGroupGraphType>>("group").ReadsAsOf()
            .ResolveFromReferenceData((reference, c) => reference.GroupsById[c.Source.GroupId]);
        Field<NonNullGraphType<ReportingScheduleGraphType>>("schedule").Resolve(c => c.Source.Schedule);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationGraphType>>>>("participants").ReadsAsOf()
            .ResolveFromReferenceData((reference, c) =>
                c.Source.ParticipantIds.Select(id => reference.OrganisationsById[id]).OrderBy(o => o.Name, StringComparer.Ordinal));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportingPeriodGraphType>>>>("periods")
            .Description("Every report time of the schedule, earliest first.").ReadsAsOf()
            .Resolve(c => c.Source.Schedule.Periods);
        this.AddSitrepConnectionField();
        this.AddDashboardField();
        this.AddLogFields();
        this.AddNotificationFields();
    }
}

internal static class IncidentQueryFields
{
    public static void AddIncidentQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncidentGraphType>>>>("incidents")
            .Description("Incidents, most recently declared first; optionally only those with one status, and only exercises or only live incidents.")
            .Argument<IncidentStatusGraphType>("status")
            .Argument<BooleanGraphType>("exercise", "true: exercises only; false: live incidents only; null: both.")
            .TracedAsDatabaseWork().ResolveAsync(async c =>
            {
                var status = c.GetArgument<IncidentStatus?>("status");
                var exercise = c.GetArgument<bool?>("exercise");
                var now = c.Service<TimeProvider>().GetUtcNow().UtcDateTime;
                var readable = await c.ReadableIncidentsAsync(byId: false);
                await using var db = await c.CreateDbContextAsync();
                var incidents = await IncidentQueries.ListAsync(db, c.CancellationToken);
                var listed = incidents.Where(i => readable(i) is not null && (exercise is null || i.Exercise == exercise) && (status is null || i.StatusAt(now) == status)).ToList();
                if (status is not null)
                {
                    foreach (var incident in incidents)
                    {
                        c.AnswerChangesAt(incident.StatusChangesAfter(now));
                    }
                }

                return listed;
            });

        // The incident as it stands: a write that changes it is never one recorded at an instant of its own.
        query.Field<IncidentGraphType>("incident")
            .Argument<NonNullGraphType<IdGraphType>>("id").ReadsAsOf()
            .TracedWhenBatched().ResolveAsync(async c =>
                c.IdArgument("id", NodeTypes.Incident) is { } id ? c.Service<IncidentLoader>().Load(id).Then(await c.ReadableIncidentsAsync()) : null);
    }
}
