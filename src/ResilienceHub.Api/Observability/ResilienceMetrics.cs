using System.Diagnostics.Metrics;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Observability;

/// <summary>The instruments our features record, each behind a one-line method.</summary>
public sealed class ResilienceMetrics
{
    public const string MeterName = ResilienceTelemetry.SourceName;

    // The buckets OpenTelemetry recommends for durations in seconds (as http.server.request.duration uses).
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Counter<long> returnsReceived;
    private readonly Counter<long> returnsAmended;
    private readonly Counter<long> validationRefusals;
    private readonly Counter<long> writesRefused;
    private readonly Histogram<double> dashboardDuration;
    private readonly UpDownCounter<long> subscribersLive;
    private readonly Counter<long> notificationAttempts;
    private Func<IEnumerable<IncidentOverdueReturns>>? overdueReturns;

    public ResilienceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName, ResilienceTelemetry.ServiceVersion);
        returnsReceived = meter.CreateCounter<long>(
            "resiliencehub.returns.received", "{return}", "Returns received (first versions), by organisation type and timeliness, exercises' tagged incident.exercise=true.");
        returnsAmended = meter.CreateCounter<long>(
            "resiliencehub.returns.amended", "{version}", "Amendments: versions after the first, by organisation type, exercises' tagged incident.exercise=true.");
        validationRefusals = meter.CreateCounter<long>(
            "resiliencehub.validation.refusals", "{refusal}", "Submissions refused with a user error, by error code.");
        writesRefused = meter.CreateCounter<long>(
            "resiliencehub.writes.refused", "{request}", "Requests whose writes were refused, by outcome (forbidden, refused) and caller (anonymous, signed_in).");
        meter.CreateObservableGauge(
            "resiliencehub.returns.overdue", ObserveOverdueReturns, "{return}", "Returns overdue now, per active live incident (never an exercise).");
        dashboardDuration = meter.CreateHistogram(
            "resiliencehub.dashboard.duration", "s", "Time taken to compute a dashboard.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        subscribersLive = meter.CreateUpDownCounter<long>(
            "resiliencehub.subscribers.live", "{subscriber}", "Live-update subscriptions open now.");
        notificationAttempts = meter.CreateCounter<long>(
            "resiliencehub.notifications.attempts", "{attempt}", "Attempts to deliver a notification, by topic, channel and outcome (sent, retry, failed).");
    }

    // An exercise's returns are tagged as such, so a live figure is read without them.
    public void ReturnReceived(OrganisationType type, bool late, bool exercise = false) =>
        returnsReceived.Add(1, new(Tags.OrganisationType, TagValue(type)), new(Tags.Timeliness, late ? "late" : "on_time"), new(Tags.Exercise, exercise));

    public void ReturnAmended(OrganisationType type, bool exercise = false) =>
        returnsAmended.Add(1, new(Tags.OrganisationType, TagValue(type)), new(Tags.Exercise, exercise));

    public void ValidationRefused(string errorCode) =>
        validationRefusals.Add(1, new KeyValuePair<string, object?>(Tags.ErrorCode, errorCode));

    public void WriteRefused(string outcome, bool anonymous) => writesRefused.Add(1,
        new(Tags.Outcome, outcome == Features.Audit.AuditOutcomes.Forbidden ? "forbidden" : "refused"), new(Tags.Caller, anonymous ? "anonymous" : "signed_in"));

    public void DashboardComputed(TimeSpan duration) => dashboardDuration.Record(duration.TotalSeconds);

    public void NotificationAttempted(string topic, string channel, string outcome) =>
        notificationAttempts.Add(1, new("resiliencehub.notification.topic", topic), new("resiliencehub.notification.channel", channel), new(Tags.Outcome, outcome));

    public void SubscriberConnected() => subscribersLive.Add(1);

    public void SubscriberDisconnected() => subscribersLive.Add(-1);

    /// <summary>
    /// The seam for <c>resiliencehub.returns.overdue</c>: the dashboard service hands over a source of
    /// counts it already holds (it is called on every collection, so it must not query the database).
    /// Until something is handed over, the gauge reports nothing.
    /// </summary>
    public void ReportOverdueReturnsFrom(Func<IEnumerable<IncidentOverdueReturns>> source) =>
        Volatile.Write(ref overdueReturns, source);

    private IEnumerable<Measurement<long>> ObserveOverdueReturns() =>
        Volatile.Read(ref overdueReturns) is { } source
            ? source().Select(o => new Measurement<long>(o.Count, new KeyValuePair<string, object?>(Tags.IncidentReference, o.IncidentReference)))
            : [];

    // Metric attribute values in OpenTelemetry's lower snake case; fixed strings so that recording allocates nothing.
    internal static string TagValue(OrganisationType type) => type switch
    {
        OrganisationType.AcuteTrust => "acute_trust",
        OrganisationType.CommunityTrust => "community_trust",
        OrganisationType.MentalHealthTrust => "mental_health_trust",
        OrganisationType.AmbulanceTrust => "ambulance_trust",
        OrganisationType.Nhs111 => "nhs_111",
        OrganisationType.GpOutOfHours => "gp_out_of_hours",
        OrganisationType.SocialCare => "social_care",
        OrganisationType.Commissioner => "commissioner",
        _ => "other",
    };

    public static class Tags
    {
        public const string OrganisationType = "organisation.type";
        public const string Timeliness = "timeliness";
        public const string ErrorCode = "error.code";
        public const string IncidentReference = "incident.reference";
        public const string Outcome = "outcome";
        public const string Caller = "caller";
        public const string Exercise = "incident.exercise";
    }
}

/// <summary>How many returns are overdue now in one incident.</summary>
public readonly record struct IncidentOverdueReturns(string IncidentReference, long Count);
