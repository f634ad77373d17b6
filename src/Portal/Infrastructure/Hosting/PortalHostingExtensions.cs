using MudBlazor.Services;

namespace Portal.Infrastructure.Hosting;

/// <summary>The composition root's building blocks, so Program.cs reads as a table of contents.</summary>
public static class PortalHostingExtensions
{
    /// <summary>
    /// The database (<c>Database:Provider</c>: SQLite under the data folder, or <c>ConnectionStrings:Portal</c>; or
    /// PostgreSQL at <c>ConnectionStrings:Portal</c>), and the Data Protection key ring (<see cref="PortalKeyRing"/>).
    /// </summary>
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalSettingsCheck>();
        var portal = PortalOptions.Read(builder.Configuration);
        var dataFolder = portal.ResolveDataFolder(builder.Environment.ContentRootPath);
        OwnerOnlyFiles.Secure(dataFolder);

        // A database setting that cannot work stops the start-up with the other settings' problems (StartupSettings).
        var problem = PortalDatabase.Problem(builder.Configuration[PortalDatabase.ProviderKey], builder.Configuration.GetConnectionString("Portal"));
        var database = problem is null ? ReadDatabase(builder.Configuration, dataFolder) : new PortalDatabase(DatabaseProvider.Sqlite, "Data Source=:memory:");
        problem ??= PortalKeyRing.Problem(builder.Environment, portal, database);
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>>(new DatabaseSettingsCheck(problem));
        builder.Services.AddPortalData(database);
        builder.Services.AddSingleton<SqliteStatistics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteStatistics>());
        builder.Services.AddPortalKeyRing(portal, database, dataFolder);

        builder.Services.AddSingleton(new DataFolder(dataFolder));
        builder.Services.AddSingleton(DeveloperTools.For(builder.Environment, portal));
        return builder;
    }

    /// <summary>
    /// Which database the portal uses: SQLite (<c>portal.db</c> in the data folder, or <c>ConnectionStrings:Portal</c>)
    /// by default, PostgreSQL at <c>ConnectionStrings:Portal</c> when <c>Database:Provider</c> says so. Call it on
    /// settings <see cref="PortalDatabase.Problem"/> accepts.
    /// </summary>
    public static PortalDatabase ReadDatabase(IConfiguration configuration, string dataFolder)
    {
        var provider = PortalDatabase.ParseProvider(configuration[PortalDatabase.ProviderKey]);
        var connectionString = configuration.GetConnectionString("Portal");
        return provider == DatabaseProvider.Postgres
            ? new PortalDatabase(provider, connectionString ?? throw new InvalidOperationException("ConnectionStrings:Portal is required with Postgres."))
            : new PortalDatabase(provider, connectionString ?? $"Data Source={Path.Combine(dataFolder, "portal.db")}");
    }

    /// <summary>Reports a database setting that cannot work (see <see cref="PortalDatabase.Problem"/>) at start-up.</summary>
    private sealed class DatabaseSettingsCheck(string? problem) : IValidateOptions<PortalOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortalOptions options) =>
            problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
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

    /// <summary>What every feature uses: the clock, links, the caller (user and company), the audit log writer and the portal's meter.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PortalLinks>();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<CallerGate>();
        services.AddSingleton<AuditLog>();
        services.AddPortalMetrics();
        return services;
    }
}

/// <summary>The resolved absolute path of the portal's data folder.</summary>
public sealed record DataFolder(string Path);
