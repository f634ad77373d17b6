using Portal.Features.Printing;

namespace Portal.Features.Printing;

public static class PrintingServiceCollectionExtensions
{
    /// <summary>Print jobs: the service the pages call, the sender, the tracker pushes and polls use, the live feed and the poller.</summary>
    public static IServiceCollection AddPrintingServices(this IServiceCollection services)
    {
        services.AddOptions<PrintingSettings>().BindConfiguration(PrintingSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PrintingChanges>();
        services.AddSingleton<PrintJobTracker>();
        services.AddScoped<PrintJobSender>();
        services.AddScoped<PrintJobService>();
        services.AddSingleton<PrintStatusPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<PrintStatusPoller>());
        return services;
    }
}
