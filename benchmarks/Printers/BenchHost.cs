using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Hosting;
using Portal.Localization;
using Yilianyun;

namespace Printers.Benchmarks;

/// <summary>The portal's data and printer services over a fresh SQLite file, signed in as one user, pointed at a sandbox.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly string _folder;

    private BenchHost(string folder, ServiceProvider services)
    {
        _folder = folder;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public IDbContextFactory<PortalDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public static async Task<BenchHost> CreateAsync(string sandboxBaseUrl, ConfiguredApp app, int maxConcurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Yilianyun:Refresher:MaxConcurrency"] = maxConcurrency.ToString(),
            ["Yilianyun:Refresher:BatchSize"] = "10000",
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
        var host = new BenchHost(folder, services.BuildServiceProvider());
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Portal.Services.Printers.PrinterAppRegistry>().SyncConfiguredAppsAsync();
        return host;
    }

    public async Task<PrinterApp> AppAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.PrinterApps.AsNoTracking().SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }

    internal sealed class SignedIn : AuthenticationStateProvider
    {
        public string UserId { get; set; } = "";

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "bench"))));
    }
}
