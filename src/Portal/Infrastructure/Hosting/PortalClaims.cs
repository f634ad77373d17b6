namespace Portal.Infrastructure.Hosting;

public static class PortalClaims
{
    public const string Operator = "portal:operator";

    /// <summary>The sign-in's operator flag: enough to show or hide; what an operator changes is re-checked by the services.</summary>
    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(Operator, "true");
}

public static class PortalPolicies
{
    public const string Operator = "Operator";
}

/// <summary>Adds the operator flag to the sign-in cookie so pages can hide operator links; services re-check it.</summary>
public sealed class PortalClaimsPrincipalFactory(UserManager<PortalUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsOperator)
        {
            identity.AddClaim(new Claim(PortalClaims.Operator, "true"));
        }

        if (!string.IsNullOrWhiteSpace(user.TrueName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.TrueName));
        }

        return identity;
    }
}
