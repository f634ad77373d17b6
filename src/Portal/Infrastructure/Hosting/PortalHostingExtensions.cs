using MudBlazor.Services;
using Portal.Features.Account;

namespace Portal.Infrastructure.Hosting;

/// <summary>The composition root's building blocks, so Program.cs reads as a table of contents.</summary>
public static class PortalHostingExtensions
{
    /// <summary>SQLite under the data folder (or <c>ConnectionStrings:Portal</c>), and Data Protection keys beside it.</summary>
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalSettingsCheck>();
        var portal = PortalOptions.Read(builder.Configuration);
        var dataFolder = portal.ResolveDataFolder(builder.Environment.ContentRootPath);
        OwnerOnlyFiles.Secure(dataFolder);

        var connectionString = builder.Configuration.GetConnectionString("Portal")
            ?? $"Data Source={Path.Combine(dataFolder, "portal.db")}";
        builder.Services.AddPortalData(connectionString);
        builder.Services.AddPortalKeyRing(portal, dataFolder);

        builder.Services.AddSingleton(new DataFolder(dataFolder));
        builder.Services.AddSingleton(DeveloperTools.For(builder.Environment, portal));
        return builder;
    }

    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddPortalSessions();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Operator, policy => policy.RequireClaim(PortalClaims.Operator, "true"));

        services.AddIdentityCore<PortalUser>(options =>
            {
                // Outside Development a portal without a mail server is a demo (Live mode requires one): nothing could
                // deliver a confirmation, and the outbox is not open to the person registering, so none is asked for.
                options.SignIn.RequireConfirmedAccount = builder.Environment.IsDevelopment()
                    || !string.IsNullOrWhiteSpace(builder.Configuration[$"{EmailOptions.Section}:Smtp:Host"]);
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequiredUniqueChars = PasswordRules.MinimumUniqueChars;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddPasswordValidator<PasswordRules>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();
        return builder;
    }

    public static WebApplicationBuilder AddPortalEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations()
            // Without a mail server, confirmation and password-reset links wait in the outbox, which anyone can open:
            // fine for the sandbox a developer or a demo runs, never for a portal merchants really use.
            .Validate<IOptions<YilianyunSettings>>((email, yilianyun) => email.UsesSmtp || yilianyun.Value.Mode != YilianyunMode.Live,
                $"{EmailOptions.Section}:Smtp:Host is required when {YilianyunSettings.Section}:Mode is Live: without a mail server, sign-up confirmation and password-reset links would wait in the outbox, which anyone can open.")
            .ValidateOnStart();
        services.AddSingleton(sp => new Outbox(Path.Combine(sp.GetRequiredService<DataFolder>().Path, "outbox"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<OutboxMailTransport>(sp));
        services.AddScoped<PortalMailer>();
        services.AddScoped<IEmailSender<PortalUser>>(sp => sp.GetRequiredService<PortalMailer>());
        return builder;
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
