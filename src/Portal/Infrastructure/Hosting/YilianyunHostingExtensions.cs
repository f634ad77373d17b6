using Yilianyun.Sandbox.Push;

namespace Portal.Infrastructure.Hosting;

/// <summary>An app the configuration supplies (the platform default, and in Sandbox mode an own app for terminal keys).</summary>
public sealed record ConfiguredApp(string Name, string ClientId, string ClientSecret, PrinterAppKind Kind, string? RedirectUri)
{
    public override string ToString() => $"ConfiguredApp {{ Name = {Name}, ClientId = {ClientId}, Kind = {Kind} }}";
}

/// <summary>What <see cref="YilianyunHostingExtensions.AddPlatform"/> resolved: the mode and the configured apps.</summary>
public sealed record YilianyunSetup(YilianyunMode Mode, IReadOnlyList<ConfiguredApp> Apps, bool UsesOwnOrigin)
{
    /// <summary>Stands for "this portal" in the sandbox base URL until the listening address is known.</summary>
    public static readonly Uri OwnOrigin = new("http://portal-self.invalid");
}

public static class YilianyunHostingExtensions
{
    /// <summary>
    /// The 易联云 platform: its settings, the configured apps, the client and the health checks; in Sandbox mode (the
    /// default) also the emulator, with the client pointed at the portal's own address + /sandbox. No feature's services:
    /// those are each feature's <c>AddX</c>.
    /// </summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(YilianyunSettings.Section);
        services.AddOptions<YilianyunSettings>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        var settings = section.Get<YilianyunSettings>() ?? new YilianyunSettings();
        var publicUri = PortalOptions.Read(builder.Configuration).PublicUri;
        var setup = Resolve(settings, publicUri);
        services.AddSingleton(setup);

        var primary = setup.Apps[0];
        var client = services.AddYilianyunClient(options =>
        {
            section.Bind(options);
            options.BaseUrl = settings.BaseUrl is { Length: > 0 } configured ? configured
                : settings.Mode == YilianyunMode.Live ? YilianyunHosts.Domestic
                : new Uri(YilianyunSetup.OwnOrigin, YilianyunSettings.SandboxPath).ToString();
            // Missing Live credentials are reported by YilianyunSettings' validation, which names the setting.
            options.ClientId = primary.ClientId is { Length: > 0 } id ? id : "unset";
            options.ClientSecret = primary.ClientSecret is { Length: > 0 } secret ? secret : "unset";
            options.AppType = primary.Kind == PrinterAppKind.Own ? YilianyunAppType.Own : YilianyunAppType.Open;
        });
        if (setup.UsesOwnOrigin)
        {
            services.AddTransient<OwnOriginHandler>();
            client.AddHttpMessageHandler<OwnOriginHandler>();
        }

        if (settings.Mode == YilianyunMode.Sandbox)
        {
            services.AddYilianyunSandbox(builder.Configuration.GetSection($"{YilianyunSettings.Section}:Sandbox"));
            services.AddOptions<SandboxOptions>().Configure<DataFolder>((options, folder) =>
                options.StateFile ??= Path.Combine(folder.Path, "sandbox.json"));
            // Its own address (Yilianyun:Sandbox:Url) serves the API to any SDK; its pages only on a developer's machine.
            services.AddYilianyunSandboxListener(servePages: builder.Environment.IsDevelopment());
            if (string.IsNullOrEmpty(settings.PushBaseUrl))
            {
                services.RoutePushesToOwnOrigin();
            }
        }

        services.AddPortalHealth(settings.Mode);
        return builder;
    }

    /// <summary>Maps the sandbox in Sandbox mode (the configured apps are registered in it by the Printers feature).</summary>
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<YilianyunSetup>().Mode == YilianyunMode.Sandbox)
        {
            endpoints.MapYilianyunSandbox(YilianyunSettings.SandboxPath);
        }

        return endpoints;
    }

    /// <summary>
    /// Sandbox mode: the in-process sandbox delivers pushes (and probes push URLs) addressed to "this portal" at the
    /// portal's listening address, as the client library's requests to the sandbox are.
    /// </summary>
    private static IServiceCollection RoutePushesToOwnOrigin(this IServiceCollection services)
    {
        services.AddTransient<OwnOriginHandler>();
        services.AddHttpClient(SandboxPushDispatcher.HttpClientName).AddHttpMessageHandler<OwnOriginHandler>();
        return services;
    }

    private static YilianyunSetup Resolve(YilianyunSettings settings, Uri? publicUri)
    {
        if (settings.Mode == YilianyunMode.Live)
        {
            // Validation (ValidateOnStart) names any missing setting; blanks here only keep start-up reaching it.
            return new YilianyunSetup(YilianyunMode.Live,
                [new ConfiguredApp("Default", settings.ClientId ?? "", settings.ClientSecret ?? "",
                    settings.AppType == YilianyunAppType.Own ? PrinterAppKind.Own : PrinterAppKind.Open, settings.RedirectUri)],
                UsesOwnOrigin: false);
        }

        // The sandbox is this process's own platform: fresh secrets each start, registered in it below.
        return new YilianyunSetup(YilianyunMode.Sandbox,
        [
            new ConfiguredApp("Portal (sandbox, open app)", settings.ClientId ?? "1000000001", settings.ClientSecret ?? NewSecret(),
                PrinterAppKind.Open, settings.RedirectUri ?? CallbackAddress(publicUri)),
            new ConfiguredApp("Portal (sandbox, own app)", "1000000002", NewSecret(), PrinterAppKind.Own, null),
        ], UsesOwnOrigin: string.IsNullOrEmpty(settings.BaseUrl));
    }

    /// <summary>
    /// The callback the sandbox app is registered with: at the public address when one is configured; otherwise
    /// root-relative, which the sandbox, sharing the portal's origin, resolves against the browser's own address.
    /// </summary>
    private static string CallbackAddress(Uri? publicUri) =>
        publicUri is null ? YilianyunSettings.CallbackPath : new Uri(publicUri, YilianyunSettings.CallbackPath).AbsoluteUri;

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// Sends requests addressed to <see cref="YilianyunSetup.OwnOrigin"/> to the address the portal is listening on,
/// read when the first request goes out (Kestrel picks a random port in the E2E runs). Under TestServer there is no
/// listening address and the test's primary handler serves the request as addressed.
/// </summary>
internal sealed class OwnOriginHandler(IServer server) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Host == YilianyunSetup.OwnOrigin.Host && ServerAddress.Loopback(server) is { } own)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = own.Scheme, Host = own.Host, Port = own.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
