namespace Portal.Features.Callbacks;

public static class CallbacksRegistration
{
    /// <summary>
    /// The push endpoints' handler, the push URL registration (with its background sweep), the operators' inbox and its
    /// retention sweep.
    /// </summary>
    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PushAddress>();
        services.AddScoped<PushHandler>();
        services.AddScoped<PushApplier>();
        services.AddScoped<PushRecorder>();
        services.AddScoped<PushUrlRegistrar>();
        services.AddScoped<CallbackInboxService>();
        services.AddSingleton<CallbackInboxChanges>();
        services.AddSingleton<PushRegistrationService>();
        services.AddHostedService(sp => sp.GetRequiredService<PushRegistrationService>());
        services.AddSingleton<PushRecordRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<PushRecordRetention>());
        return services;
    }

    /// <summary>The push URLs the platform calls (<see cref="PushEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapCallbacks(this IEndpointRouteBuilder endpoints)
    {
        PushEndpoints.Map(endpoints);
        return endpoints;
    }
}
