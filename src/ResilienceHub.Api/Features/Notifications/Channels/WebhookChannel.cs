using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Notifications.Channels;

/// <summary>
/// An HTTPS POST of a small JSON document to each webhook that wants the topic, signed so that the receiver can tell it
/// came from us and was not replayed: <see cref="SignatureHeader"/> is <c>sha256=</c> and the lower-case hex
/// HMAC-SHA256, keyed by the webhook's secret, of <see cref="TimestampHeader"/>'s value, a full stop, and the body.
/// </summary>
public sealed class WebhookChannel(IOptions<NotificationOptions> options, IHttpClientFactory httpClients, TimeProvider time) : INotificationChannel
{
    public const string HttpClientName = "Webhooks";
    public const string TimestampHeader = "X-ResilienceHub-Timestamp";
    public const string SignatureHeader = "X-ResilienceHub-Signature";

    public NotificationChannel Channel => NotificationChannel.Webhook;

    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var index = int.Parse(notification.Recipient["webhook:".Length..], CultureInfo.InvariantCulture);
        if (index >= options.Value.Webhooks.Count)
        {
            return new SendOutcome.Failed($"{notification.Recipient} is no longer configured.");
        }

        var hook = options.Value.Webhooks[index];
        var body = JsonSerializer.Serialize(new
        {
            id = notification.Id.ToString(CultureInfo.InvariantCulture),
            topic = TopicNames.ToGraphQL(notification.Topic),
            incidentId = Ids.Format(NodeTypes.Incident, notification.IncidentId),
            subject = notification.Subject,
            text = notification.Body,
            link = notification.Link,
            createdAt = UserErrors.Instant(notification.CreatedAt),
        });
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(hook.Secret!, timestamp, body));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return SendOutcome.OfStatus(status, $"Webhook {index} answered {status}", response.Headers.RetryAfter?.Delta);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Retry($"Webhook {index} unreachable: {exception.Message}");
        }
    }
}
