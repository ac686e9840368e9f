using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace ResilienceHub.Api.Features.Notifications.Channels;

/// <summary>
/// E-mail and texts through GOV.UK Notify's client, by the topic's template (<c>Notifications:Notify:Templates</c>) with
/// the message as personalisation: <c>subject</c>, <c>body</c>, <c>link</c>, <c>incident</c>.
/// </summary>
public sealed partial class NotifyChannel(IOptions<NotificationOptions> options, IHttpClientFactory httpClients, NotificationChannel channel) : INotificationChannel
{
    public const string HttpClientName = "GovukNotify";

    public NotificationChannel Channel => channel;

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var notify = options.Value.Notify;
        if (notify.TemplateFor(notification.Topic) is not { } template)
        {
            return new SendOutcome.Failed($"No GOV.UK Notify template for {TopicNames.ToGraphQL(notification.Topic)}: set Notifications:Notify:Templates:{TopicNames.ToGraphQL(notification.Topic)}.");
        }

        var personalisation = new Dictionary<string, dynamic>
        {
            ["subject"] = notification.Subject ?? "",
            ["body"] = notification.Body,
            ["link"] = notification.Link ?? "",
            ["incident"] = notification.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var retryAfter = new StrongBox<TimeSpan?>();
        RetryAfterHandler.Box.Value = retryAfter;
        var client = new NotificationClient(new HttpClientWrapper(httpClients.CreateClient(HttpClientName)), notify.ApiKey!);
        try
        {
            // The reference lets Notify's own records be matched to ours.
            var reference = "resiliencehub-" + notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _ = channel == NotificationChannel.Sms
                ? (object)await client.SendSmsAsync(notification.Recipient, template, personalisation, reference)
                : await client.SendEmailAsync(notification.Recipient, template, personalisation, reference);
            return new SendOutcome.Sent();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The client may wrap what went wrong; its own exception says only "Status code 429. …", and the status
            // decides whether to try again.
            var cause = exception is AggregateException aggregate ? aggregate.Flatten().InnerException ?? exception : exception;
            if (cause is NotifyClientException refused)
            {
                var status = StatusCode().Match(refused.Message) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                return status == 0
                    ? new SendOutcome.Retry($"GOV.UK Notify: {Shorten(refused.Message)}")
                    : SendOutcome.OfStatus(status, $"GOV.UK Notify {status}: {Shorten(refused.Message)}", retryAfter.Value);
            }

            return cause is HttpRequestException or TaskCanceledException or IOException
                ? new SendOutcome.Retry($"GOV.UK Notify unreachable: {Shorten(cause.Message)}")
                : throw new InvalidOperationException("The GOV.UK Notify client failed unexpectedly.", cause);
        }
    }

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;

    [GeneratedRegex(@"Status code (\d{3})")]
    private static partial Regex StatusCode();
}

/// <summary>
/// Sends Notify's requests to <c>Notifications:Notify:BaseUrl</c> (a test server), and keeps a 429's Retry-After, which
/// the client does not report, for the attempt that asked.
/// </summary>
public sealed class RetryAfterHandler(IOptions<NotificationOptions> options) : DelegatingHandler
{
    public static readonly AsyncLocal<StrongBox<TimeSpan?>?> Box = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.Notify.BaseUrl;
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(baseUrl, uri.PathAndQuery.TrimStart('/'));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (Box.Value is { } box && response.Headers.RetryAfter is { } retryAfter)
        {
            box.Value = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }

        return response;
    }
}
