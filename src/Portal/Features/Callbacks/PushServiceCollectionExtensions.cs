using Portal.Infrastructure.Hosting;
using Yilianyun.Sandbox.Push;

namespace Portal.Features.Callbacks;

public static class PushServiceCollectionExtensions
{
    /// <summary>
    /// The push endpoints' handler, the push URL registration (with its background sweep), the operators' inbox and its
    /// retention sweep.
    /// </summary>
    public static IServiceCollection AddPushCallbacks(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PushAddress>();
        services.AddScoped<PushHandler>();
        services.AddScoped<PushUrlRegistrar>();
        services.AddScoped<CallbackInboxService>();
        services.AddSingleton<CallbackInboxChanges>();
        services.AddSingleton<PushRegistrationSignal>();
        services.AddSingleton<PushRegistrationService>();
        services.AddHostedService(sp => sp.GetRequiredService<PushRegistrationService>());
        services.AddSingleton<PushRecordRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<PushRecordRetention>());
        return services;
    }

    /// <summary>
    /// Sandbox mode: the in-process sandbox delivers pushes (and probes push URLs) addressed to "this portal" at the
    /// portal's listening address, as the client library's requests to the sandbox are.
    /// </summary>
    internal static IServiceCollection RoutePushesToOwnOrigin(this IServiceCollection services)
    {
        services.AddTransient<OwnOriginHandler>();
        services.AddHttpClient(SandboxPushDispatcher.HttpClientName).AddHttpMessageHandler<OwnOriginHandler>();
        return services;
    }
}
