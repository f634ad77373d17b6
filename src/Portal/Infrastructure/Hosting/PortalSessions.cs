using Microsoft.AspNetCore.Authentication.Cookies;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// How long a sign-in lasts and how its cookies travel: HttpOnly, SameSite=Lax, and over HTTPS Secure with the
/// <c>__Host-</c> prefix (no subdomain can plant or read them); an idle timeout that slides, an absolute lifetime that
/// does not; and a security-stamp check every minute, so a sign-out, a password change or a 2FA change ends the
/// user's other sessions within a minute.
/// </summary>
public static class PortalSessions
{
    public static readonly TimeSpan StampCheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>When the sign-in behind a cookie happened; kept across renewals, stamp checks and refreshed sign-ins.</summary>
    internal const string StartedAt = "portal.session-started";

    public static IServiceCollection AddPortalSessions(this IServiceCollection services)
    {
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = StampCheckInterval);
        services.AddSingleton<IConfigureOptions<AntiforgeryOptions>, AntiforgeryCookie>();
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, SessionCookies>();
        return services;
    }

    /// <summary>
    /// Outside Development an HTTPS public address means every request arrives over HTTPS (plain HTTP is redirected),
    /// which Secure cookies need; a developer's machine may name an HTTPS address and still be browsed over HTTP.
    /// </summary>
    private static bool HttpsOnly(IOptions<PortalOptions> portal, IHostEnvironment environment) =>
        portal.Value.ServedOverHttps && !environment.IsDevelopment();

    private sealed class AntiforgeryCookie(IOptions<PortalOptions> portal, IHostEnvironment environment) : IConfigureOptions<AntiforgeryOptions>
    {
        public void Configure(AntiforgeryOptions options)
        {
            if (HttpsOnly(portal, environment))
            {
                options.Cookie.Name = "__Host-portal.antiforgery";
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        }
    }

    /// <summary>Every cookie scheme Identity registers (the sign-in, two-factor and external ones).</summary>
    private sealed class SessionCookies(IOptions<PortalOptions> portal, IHostEnvironment environment) : IConfigureNamedOptions<CookieAuthenticationOptions>
    {
        public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, CookieAuthenticationOptions options)
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            if (HttpsOnly(portal, environment))
            {
                options.Cookie.Name = "__Host-portal." + (name ?? "session").Replace("Identity.", "", StringComparison.Ordinal).ToLowerInvariant();
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }

            if (name != IdentityConstants.ApplicationScheme)
            {
                return;
            }

            var session = portal.Value.Session;
            options.ExpireTimeSpan = session.IdleTimeout;
            options.SlidingExpiration = true;
            var signingIn = options.Events.OnSigningIn;
            var validating = options.Events.OnValidatePrincipal;
            options.Events.OnSigningIn = context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items.TryAdd(StartedAt, now.ToString("O", CultureInfo.InvariantCulture));
                return signingIn(context);
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (!context.Properties.Items.ContainsKey(StartedAt))
                {
                    // A cookie issued before this rule: its session counts from now.
                    context.Properties.Items[StartedAt] = now.ToString("O", CultureInfo.InvariantCulture);
                    context.ShouldRenew = true;
                }
                else if (HasOutlived(context.Properties, session.AbsoluteLifetime, now))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await ValidateInOwnScopeAsync(context, validating);
            };
        }
    }

    /// <summary>
    /// Identity's security-stamp check resolves its validator, SignInManager, UserManager and their store, and so a
    /// pooled PortalDbContext, from the request's services. A circuit's connection (<c>/_blazor</c>, a WebSocket) is
    /// one request that lasts as long as the circuit, so those would stay alive with it, a context per open circuit.
    /// For such requests the check runs in a scope of its own that ends with it (rule 2: one short context per operation).
    /// </summary>
    private static async Task ValidateInOwnScopeAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> validating)
    {
        var http = context.HttpContext;
        if (!http.WebSockets.IsWebSocketRequest && !http.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            await validating(context);
            return;
        }

        var requestServices = http.RequestServices;
        await using var scope = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await validating(context);
        }
        finally
        {
            http.RequestServices = requestServices;
        }
    }

    /// <summary>An unreadable start counts as outlived: the person signs in again.</summary>
    private static bool HasOutlived(AuthenticationProperties properties, TimeSpan lifetime, DateTimeOffset now) =>
        !DateTimeOffset.TryParse(properties.Items[StartedAt], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
        || now - at > lifetime;
}
