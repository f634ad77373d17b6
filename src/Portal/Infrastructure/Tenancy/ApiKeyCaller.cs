namespace Portal.Infrastructure.Tenancy;

/// <summary>
/// A program calling with a print API key, as a request's user: the key, the company it acts for this request, and
/// its scopes. <see cref="CallerAccessor"/> turns it into a <see cref="Caller"/> with a member's rights in that company,
/// so the services check and record an API call exactly as they do a person's.
/// </summary>
public static class ApiKeyCaller
{
    /// <summary>The authentication scheme, and the identity's authentication type.</summary>
    public const string Scheme = "PrintApiKey";

    public const string ScopeClaim = "scope";

    private const string KeyIdClaim = "portal:api-key";
    private const string KeyNameClaim = "portal:api-key-name";
    private const string TenantIdClaim = "portal:api-company";
    private const string TenantNameClaim = "portal:api-company-name";

    public static ClaimsPrincipal Principal(Guid keyId, string actorName, Guid tenantId, string tenantName, IEnumerable<string> scopes) =>
        new(new ClaimsIdentity(
        [
            new Claim(KeyIdClaim, keyId.ToString("D")),
            new Claim(KeyNameClaim, actorName),
            new Claim(TenantIdClaim, tenantId.ToString("D")),
            new Claim(TenantNameClaim, tenantName),
            .. scopes.Select(scope => new Claim(ScopeClaim, scope)),
        ], Scheme));

    /// <summary>The key a request authenticated with, or null for anyone else.</summary>
    public static Guid? KeyId(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme } && Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var id) ? id : null;

    /// <summary>The caller an API key is, or null when <paramref name="user"/> is not one.</summary>
    public static Caller? From(ClaimsPrincipal user) =>
        KeyId(user) is { } keyId && Guid.TryParse(user.FindFirstValue(TenantIdClaim), out var tenantId)
            ? new Caller($"api-key:{keyId:N}", user.FindFirstValue(KeyNameClaim) ?? "", false, tenantId, user.FindFirstValue(TenantNameClaim), TenantRole.Member)
            : null;
}
