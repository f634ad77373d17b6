namespace Portal.Features.Account;

/// <summary>
/// ASP.NET Core Identity as the portal uses it: cookies, sessions, the operator policy and the account rules. Program
/// calls it with the infrastructure, before <c>AddPortalUi</c>, because Razor components only try-add their own
/// authentication state provider.
/// </summary>
public static class AccountIdentity
{
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
}
