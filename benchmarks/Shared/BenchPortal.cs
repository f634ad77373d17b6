using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Callbacks;
using Portal.Features.Companies;
using Portal.Features.Dashboard;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Localization;
using Yilianyun;

namespace Portal.Benchmarks;

/// <summary>
/// The portal's data, printer and printing services over a fresh database (a SQLite file, or a database of its own on a
/// PostgreSQL server: see <see cref="BenchDatabase"/>), pointed at a sandbox, with one company whose Owner is signed in.
/// No web host: the benchmarks call the services the pages call.
/// </summary>
internal sealed partial class BenchPortal : IAsyncDisposable
{
    private readonly string _folder;
    private readonly BenchDatabase _engine;

    private BenchPortal(string folder, BenchDatabase engine, PortalDatabase database, ConfiguredApp app, ServiceProvider services)
    {
        _folder = folder;
        _engine = engine;
        Database = database;
        App = app;
        Services = services;
    }

    public ServiceProvider Services { get; }

    /// <summary>The engine and connection string the portal's services use.</summary>
    public PortalDatabase Database { get; }

    /// <summary>The platform app the portal is configured with (registered in the sandbox).</summary>
    public ConfiguredApp App { get; }

    public IDbContextFactory<PortalDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <summary>The company <see cref="CreateAsync"/> made; its Owner is the signed-in user.</summary>
    public Guid TenantId { get; private set; }

    /// <param name="settings">Configuration values on top of the defaults (the status poller is off).</param>
    /// <param name="engine">Where the data goes: a SQLite file when null.</param>
    public static async Task<BenchPortal> CreateAsync(string sandboxBaseUrl, ConfiguredApp app, IReadOnlyDictionary<string, string?>? settings = null, BenchDatabase? engine = null)
    {
        engine ??= BenchDatabase.Sqlite;
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = await engine.CreateAsync(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Printing:Enabled"] = "false" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build());
        services.AddPortalData(database);
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddPortalCore().AddAccount().AddCompanies().AddDashboard().AddAudit();
        services.AddSingleton<SignedIn>();
        services.AddSingleton<AuthenticationStateProvider>(sp => sp.GetRequiredService<SignedIn>());
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        services.AddSingleton(new YilianyunSetup(YilianyunMode.Sandbox, [app], UsesOwnOrigin: false));
        services.AddYilianyunClient(options =>
        {
            options.BaseUrl = sandboxBaseUrl;
            options.ClientId = app.ClientId;
            options.ClientSecret = app.ClientSecret;
            // Thousands of calls a second must not trip the breaker's sampling.
            options.CircuitBreakerMinimumThroughput = 1000;
        });
        services.AddPrinters();
        services.AddCallbacks();
        services.AddPrinting();
        var portal = new BenchPortal(folder, engine, database, app, services.BuildServiceProvider());
        try
        {
            // As the portal does at start (MigratePortalDatabaseAsync): the engine's own migrations through a factory context.
            await using (var db = await portal.DbFactory.CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
            }

            await using (var scope = portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ConfiguredAppSync>().SyncConfiguredAppsAsync();
            }

            await portal.AddCompanyAsync();
            // Of the portal's background services, only the one the database needs wherever the portal runs.
            if (portal.Services.GetService<SqliteCheckpointer>() is { } checkpointer)
            {
                await checkpointer.StartAsync(CancellationToken.None);
            }

            return portal;
        }
        catch
        {
            // A PostgreSQL database made for this portal is dropped even when it never got going.
            await portal.DisposeAsync();
            throw;
        }
    }

    public async Task<PrinterApp> AppAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.PrinterApps.AsNoTracking().SingleAsync();
    }

    private async Task AddCompanyAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var user = new PortalUser
        {
            UserName = "bench@portal.test", NormalizedUserName = "BENCH@PORTAL.TEST", Email = "bench@portal.test", NormalizedEmail = "BENCH@PORTAL.TEST",
            EmailConfirmed = true, CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString(),
        };
        var tenant = new Tenant { Id = Guid.CreateVersion7(), CompanyName = "Bench Noodles", NormalizedName = "BENCH NOODLES", CreatedAt = now };
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            db.Users.Add(user);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        await using (var db = await DbFactory.CreateForTenantAsync(tenant.Id))
        {
            db.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = user.Id, Role = TenantRole.Owner, JoinedAt = now });
            await db.SaveChangesAsync();
        }

        TenantId = tenant.Id;
        Services.GetRequiredService<SignedIn>().UserId = user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (Services.GetService<SqliteCheckpointer>() is { } checkpointer)
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
        await _engine.DropAsync(Database);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }

    /// <summary>The one signed-in user, as the services ask for it.</summary>
    private sealed class SignedIn : AuthenticationStateProvider
    {
        public string UserId { get; set; } = "";

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "bench"))));
    }
}
