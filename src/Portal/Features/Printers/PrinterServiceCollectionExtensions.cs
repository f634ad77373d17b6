using Portal.Features.Callbacks;
using Portal.Features.Printers;
using Portal.Infrastructure.Hosting;

namespace Portal.Features.Printers;

public static class PrinterServiceCollectionExtensions
{
    /// <summary>The printer feature's services and its background refresher (needs the 易联云 client registered).</summary>
    public static IServiceCollection AddPrinterServices(this IServiceCollection services)
    {
        services.AddOptions<RefresherSettings>().BindConfiguration(RefresherSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PrinterSecrets>();
        services.AddScoped<PrinterAppRegistry>();
        services.AddScoped<PrinterTokenKeeper>();
        services.AddScoped<PrinterGrantHandover>();
        services.AddScoped<PrinterHolds>();
        services.AddScoped<OperatorPrinterHolds>();
        services.AddScoped<PrinterService>();
        services.AddScoped<PrinterRevocation>();
        services.AddScoped<PrinterSettingsService>();
        services.AddScoped<PrintDiagnosis>();
        services.AddScoped<OperatorPrinterService>();
        services.AddSingleton<HeldTwiceCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<HeldTwiceCheck>());
        services.AddSingleton<PrinterRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<PrinterRefresher>());
        services.AddPushCallbacks();
        return services;
    }
}
