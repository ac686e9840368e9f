using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ResilienceHub.Api.Features.Notifications.Channels;

/// <summary>E-mail through an SMTP server (MailKit), when <c>Notifications:Smtp:Host</c> is set.</summary>
public sealed class SmtpChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        message.Subject = notification.Subject ?? "";
        message.Body = new TextPart("plain") { Text = notification.Body + "\n\n" + notification.Link + "\n" };
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (smtp.UserName is { } user)
            {
                await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return new SendOutcome.Sent();
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            // A 5xx reply is the server's final word on this message (an unknown mailbox, say).
            return new SendOutcome.Failed($"SMTP {(int)refused.StatusCode}: {refused.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
            or System.Net.Sockets.SocketException or AuthenticationException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Retry($"SMTP: {exception.Message}");
        }
    }
}
