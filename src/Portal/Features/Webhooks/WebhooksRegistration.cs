using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Features.Webhooks;

/// <summary>Webhooks: companies' endpoints, the page that manages them and the dispatcher that sends deliveries.</summary>
public static class WebhooksRegistration
{
    /// <summary>The page; the print API's page links here by this path (a constant, so no type dependency).</summary>
    public const string PagePath = "developers/webhooks";

    public const string HttpClientName = "webhooks";

    /// <summary>
    /// What features that raise events need: <see cref="WebhookEvents"/> and the dispatcher's wake-up. Safe to call more
    /// than once; <see cref="AddWebhooks"/> adds the rest.
    /// </summary>
    public static IServiceCollection AddWebhookEvents(this IServiceCollection services)
    {
        services.TryAddSingleton<WebhookSignal>();
        services.TryAddSingleton<WebhookEvents>();
        return services;
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddWebhookEvents();
        services.AddDataProtection();
        services.TryAddSingleton<WebhookSecretProtector>();
        services.AddScoped<WebhookService>();
        services.AddHttpClient<WebhookSender>(HttpClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Portal-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateAddresses;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    ConnectCallback = (context, cancellationToken) => WebhookAddresses.ConnectAsync(context, allowPrivate, cancellationToken),
                };
            });
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
