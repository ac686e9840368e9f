using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ResilienceHub.Api.Features.Notifications.Channels;

namespace ResilienceHub.Api.Features.Notifications;

public static class NotificationExtensions
{
    /// <summary>
    /// Contacts, the outbox, the scheduler and the sender, and the channels the <c>Notifications</c> settings configure:
    /// SMTP for e-mail when its host is set (else GOV.UK Notify with a key), GOV.UK Notify for texts, and the webhooks.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddValidatedOptions<NotificationOptions>(NotificationOptions.Section);
        builder.Services.AddScoped<ContactSaves>();
        builder.Services.AddScoped<ContactsLoader>();
        builder.Services.AddSingleton<NotificationOutbox>();
        builder.Services.AddHostedService<NotificationScheduler>();
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NotificationSender>());
        builder.Services.AddTransient<RetryAfterHandler>();
        builder.Services.AddHttpClient(NotifyChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30)).AddHttpMessageHandler<RetryAfterHandler>();
        builder.Services.AddHttpClient(WebhookChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        if (settings.Smtp.Host is not null)
        {
            builder.Services.AddSingleton<INotificationChannel, SmtpChannel>();
        }
        else if (settings.Notify.ApiKey is not null)
        {
            builder.Services.AddSingleton<INotificationChannel>(s => ActivatorUtilities.CreateInstance<NotifyChannel>(s, NotificationChannel.Email));
        }

        if (settings.Notify.ApiKey is not null)
        {
            builder.Services.AddSingleton<INotificationChannel>(s => ActivatorUtilities.CreateInstance<NotifyChannel>(s, NotificationChannel.Sms));
        }

        builder.Services.AddSingleton<INotificationChannel, WebhookChannel>();
        return builder;
    }
}

/// <summary>Says which channels send; with none, that nothing is sent (healthy: a deployment may choose so).</summary>
public sealed class NotificationsHealthCheck(IOptions<NotificationOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(char.ToUpperInvariant(options.Value.Describe()[0]) + options.Value.Describe()[1..] + "."));
}
