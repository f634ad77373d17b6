namespace Portal.Features.Account;

/// <summary>
/// The Account feature's services and endpoints. ASP.NET Core Identity itself (cookies, sessions, options) is set up by
/// Infrastructure's <c>AddPortalIdentity</c>, which the pipeline's authentication needs before the UI is registered.
/// </summary>
public static class AccountFeatureRegistration
{
    /// <summary>Registration rules (the first operator's seat) and the profile.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<AccountRegistration>();
        services.AddScoped<AccountStanding>();
        services.AddScoped<ProfileService>();
        return services;
    }

    /// <summary>The endpoints Identity's pages post to (logout, external login, passkeys, personal data).</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdditionalIdentityEndpoints();
        return endpoints;
    }
}
