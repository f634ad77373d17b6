using MudBlazor.Services;

namespace Portal.Infrastructure.Hosting;

/// <summary>The composition root's building blocks, so Program.cs reads as a table of contents.</summary>
public static class PortalHostingExtensions
{
    /// <summary>
    /// The database (<c>Database:Provider</c>: SQLite under the data folder, or <c>ConnectionStrings:Portal</c>; or
    /// PostgreSQL at <c>ConnectionStrings:Portal</c>), and Data Protection keys in the data folder.
    /// </summary>
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalSettingsCheck>();
        var portal = PortalOptions.Read(builder.Configuration);
        var dataFolder = portal.ResolveDataFolder(builder.Environment.ContentRootPath);
        OwnerOnlyFiles.Secure(dataFolder);

        builder.Services.AddPortalData(ReadDatabase(builder.Configuration, dataFolder));
        builder.Services.AddPortalKeyRing(portal, dataFolder);

        builder.Services.AddSingleton(new DataFolder(dataFolder));
        builder.Services.AddSingleton(DeveloperTools.For(builder.Environment, portal));
        return builder;
    }

    /// <summary>Which database the portal uses: SQLite by default, PostgreSQL when <c>Database:Provider</c> says so.</summary>
    public static PortalDatabase ReadDatabase(IConfiguration configuration, string dataFolder)
    {
        var provider = PortalDatabase.ParseProvider(configuration[PortalDatabase.ProviderKey]);
        var connectionString = configuration.GetConnectionString("Portal");
        return provider switch
        {
            DatabaseProvider.Postgres when string.IsNullOrWhiteSpace(connectionString) => throw new InvalidOperationException(
                "Database:Provider is Postgres but ConnectionStrings:Portal is not set (e.g. ConnectionStrings__Portal=\"Host=…;Database=portal;Username=…;Password=…\")."),
            DatabaseProvider.Postgres => new PortalDatabase(provider, connectionString!),
            _ => new PortalDatabase(provider, connectionString ?? $"Data Source={Path.Combine(dataFolder, "portal.db")}"),
        };
    }

    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        // Files of referenced packages (MudBlazor's CSS, the .razor.js modules) are served from their packages when the
        // portal runs from its build output, in any environment; published output carries its own copies.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Write Chinese as characters, not &#x…; escapes: pages stay half the size and readable in the source.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddMudServices();
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(SupportedCultures.English)
                .AddSupportedCultures(SupportedCultures.All)
                .AddSupportedUICultures(SupportedCultures.All);
            options.ApplyCurrentCultureToResponseHeaders = true;
            // A chosen language (cookie) wins over the browser's; any zh-* browser gets zh-CN.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(context =>
                {
                    var accepted = context.Request.GetTypedHeaders().AcceptLanguage
                        .OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
                    return Task.FromResult<ProviderCultureResult?>(accepted is null
                        ? null
                        : new ProviderCultureResult(SupportedCultures.Normalize(accepted.Value.Value)));
                }),
            ];
        });
        return builder;
    }

    /// <summary>What every feature uses: the clock, links, the caller (user and company) and the audit log writer.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PortalLinks>();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<CallerGate>();
        services.AddSingleton<AuditLog>();
        return services;
    }

    /// <summary>Creates or upgrades the database before the first request.</summary>
    public static async Task MigratePortalDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }
}

/// <summary>The resolved absolute path of the portal's data folder.</summary>
public sealed record DataFolder(string Path);
