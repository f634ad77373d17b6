using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Yilianyun.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the sandbox with options bound from a configuration section (e.g. "Yilianyun:Sandbox").</summary>
    public static IServiceCollection AddYilianyunSandbox(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddYilianyunSandbox(options => section.Bind(options));
    }

    /// <summary>
    /// Registers the emulated 易联云 platform. Time comes from the registered <see cref="TimeProvider"/>
    /// (the system clock unless the host registers another, e.g. a FakeTimeProvider in tests).
    /// </summary>
    public static IServiceCollection AddYilianyunSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        var options = services.AddOptions<SandboxOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.PrintDelay >= TimeSpan.Zero && o.TickInterval > TimeSpan.Zero && o.PushAttempts >= 1
                && o.TokenRequestsPerDay >= 1 && o.PushTimeout > TimeSpan.Zero && o.QrKeyLifetime >= TimeSpan.FromSeconds(1),
                "Sandbox: PrintDelay must not be negative; TickInterval, PushTimeout and QrKeyLifetime must be positive; PushAttempts and TokenRequestsPerDay at least 1.")
            .Validate(o => o.Apps.All(a => !string.IsNullOrWhiteSpace(a.ClientId) && !string.IsNullOrWhiteSpace(a.ClientSecret)),
                "Sandbox: every app in Sandbox:Apps needs a ClientId and a ClientSecret.")
            .Validate(o => o.Printers.All(p => !string.IsNullOrWhiteSpace(p.MachineCode) && !string.IsNullOrWhiteSpace(p.Msign)),
                "Sandbox: every printer in Sandbox:Printers needs a MachineCode and an Msign.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, FaultSettingsValidation>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SandboxPushDispatcher.HttpClientName);
        services.AddRazorComponents();
        services.TryAddSingleton<SandboxStore>();
        services.TryAddSingleton<SandboxJournal>();
        services.TryAddSingleton<SandboxFaults>();
        services.TryAddSingleton<SandboxPushDispatcher>();
        services.TryAddSingleton<SandboxPrinterClock>();
        services.TryAddSingleton<SandboxAdmin>();
        services.TryAddSingleton<SandboxApi>();
        services.AddHostedService<SandboxBackgroundService>();
        return services;
    }

    /// <summary>
    /// Serves the registered sandbox at <see cref="SandboxOptions.Url"/> too, at the root as the platform does (nothing
    /// when no URL is set). <paramref name="servePages"/>: whether that address also serves the console, printer and
    /// consent pages, or only the API.
    /// </summary>
    public static IServiceCollection AddYilianyunSandboxListener(this IServiceCollection services, bool servePages)
    {
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<SandboxListener>(provider, servePages));
        services.AddHostedService(provider => provider.GetRequiredService<SandboxListener>());
        return services;
    }
}
