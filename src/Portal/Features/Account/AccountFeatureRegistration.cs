namespace Portal.Features.Account;

/// <summary>
/// The Account feature's services and endpoints. ASP.NET Core Identity itself (cookies, sessions, options) is set up by
/// <see cref="AccountIdentity.AddPortalIdentity"/>, which Program calls with the infrastructure, before the UI.
/// </summary>
public static class AccountFeatureRegistration
{
    /// <summary>Registration rules (the first operator's seat) and an account's standing.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<AccountRegistration>();
        services.AddScoped<AccountStanding>();
        return services;
    }

    /// <summary>The endpoints Identity's pages post to (logout, external login, passkeys, personal data).</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdditionalIdentityEndpoints();
        return endpoints;
    }
}
