using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Hosting;
using Portal.Localization;
using Yilianyun;

/// <summary>The portal's data, printer and printing services over a fresh SQLite file, pointed at the sandbox.</summary>
internal static class BenchPortal
{
    public static ServiceProvider Build(string folder, string sandboxBaseUrl, ConfiguredApp app)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Printing:Enabled"] = "false",
        }).Build());
        services.AddPortalData($"Data Source={Path.Combine(folder, "portal.db")}");
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddPortalServices();
        services.AddSingleton<SignedIn>();
        services.AddSingleton<AuthenticationStateProvider>(sp => sp.GetRequiredService<SignedIn>());
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        services.AddSingleton(new YilianyunSetup(YilianyunMode.Sandbox, [app], UsesOwnOrigin: false));
        services.AddYilianyunClient(options =>
        {
            options.BaseUrl = sandboxBaseUrl;
            options.ClientId = app.ClientId;
            options.ClientSecret = app.ClientSecret;
            options.CircuitBreakerMinimumThroughput = 1000;
        });
        services.AddPrinterServices();
        services.AddPrintingServices();
        return services.BuildServiceProvider();
    }
}

/// <summary>The benchmark's one signed-in user, as the services ask for it.</summary>
internal sealed class SignedIn : AuthenticationStateProvider
{
    public string UserId { get; set; } = "";

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "bench"))));
}
