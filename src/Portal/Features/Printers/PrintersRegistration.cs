using Portal.Features.Webhooks;

namespace Portal.Features.Printers;

/// <summary>The Printers feature's services and start-up step; it maps no endpoints of its own (its pages are routed by Blazor).</summary>
public static class PrintersRegistration
{
    /// <summary>The printer feature's services and its background jobs (needs the 易联云 client, <c>AddPlatform</c>).</summary>
    public static IServiceCollection AddPrinters(this IServiceCollection services)
    {
        services.AddOptions<RefresherSettings>().BindConfiguration(RefresherSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PrinterSecrets>();
        services.AddWebhookEvents();
        services.AddSingleton<PrinterOnlineStates>();
        services.AddSingleton<PrinterConnectedSignal>();
        services.AddScoped<PrinterAppResolver>();
        services.AddScoped<PrinterAppRegistry>();
        services.AddScoped<ConfiguredAppSync>();
        services.AddScoped<RefreshPlan>();
        services.AddScoped<RefreshOutcomeStore>();
        services.AddScoped<PrinterTokenRefresh>();
        services.AddScoped<PrinterTokenKeeper>();
        services.AddScoped<PrinterGrantHandover>();
        services.AddScoped<PrinterHolds>();
        services.AddScoped<OperatorPrinterHolds>();
        services.AddScoped<PrinterQueries>();
        services.AddScoped<PrinterConnector>();
        services.AddScoped<PrinterAuthorizeFlow>();
        services.AddScoped<PrinterKeyConnection>();
        services.AddScoped<PrinterMaintenance>();
        services.AddScoped<RevokedPrinterJobs>();
        services.AddScoped<RevocationProof>();
        services.AddScoped<PrinterRevoker>();
        services.AddScoped<PrinterRevocation>();
        services.AddScoped<PrinterSettingsService>();
        services.AddScoped<PrintDiagnosis>();
        services.AddScoped<OperatorPrinterService>();
        services.AddSingleton<HeldTwiceCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<HeldTwiceCheck>());
        services.AddSingleton<PrinterRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<PrinterRefresher>());
        return services;
    }

    /// <summary>
    /// Registers the configured apps (<see cref="YilianyunSetup"/>) in the database and, in Sandbox mode, in the sandbox.
    /// Runs once the database is migrated, before the portal serves.
    /// </summary>
    public static async Task MapPrintersAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConfiguredAppSync>().SyncConfiguredAppsAsync();
    }
}
