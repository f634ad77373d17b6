using Portal.Features.Webhooks;

namespace Portal.Features.Printing;

public static class PrintingRegistration
{
    /// <summary>
    /// Receipt templates and print jobs: the service the pages call, the sender, the tracker pushes and polls use, the
    /// live feed and the poller.
    /// </summary>
    public static IServiceCollection AddPrinting(this IServiceCollection services)
    {
        services.AddScoped<ReceiptTemplateService>();
        services.AddWebhookEvents();
        services.AddOptions<PrintingSettings>().BindConfiguration(PrintingSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddLiveUpdates();
        services.AddSingleton<PrintJobTracker>();
        services.AddSingleton<StaleJobExpiry>();
        services.AddSingleton<PlatformOrderIds>();
        services.AddSingleton<PrintJobCommits>();
        services.AddScoped<PrintJobSender>();
        services.AddScoped<PrintJobSubmitter>();
        services.AddScoped<PrintJobHistory>();
        services.AddScoped<PrintJobCancellation>();
        services.AddSingleton<PrintStatusPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<PrintStatusPoller>());
        return services;
    }

    /// <summary>The print jobs' CSV download (<see cref="PrintingEndpoints.JobsCsvPath"/>).</summary>
    public static IEndpointRouteBuilder MapPrinting(this IEndpointRouteBuilder endpoints)
    {
        PrintingEndpoints.Map(endpoints);
        return endpoints;
    }
}
