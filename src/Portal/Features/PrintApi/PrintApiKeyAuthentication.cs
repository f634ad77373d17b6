namespace Portal.Features.PrintApi;

/// <summary>
/// <c>Authorization: Bearer pk_…</c>: finds the key by its hash and checks it is neither revoked nor expired, that its
/// company is enabled, and, for an operator's key, that its creator is still an operator and that the company named
/// in <see cref="CompanyHeader"/> exists and is enabled. Refusals answer problem details; the key itself is never logged.
/// </summary>
public sealed class PrintApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The header an operator's key names the company with (its id).</summary>
    public const string CompanyHeader = "Portal-Company";

    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private sealed class Refusal(PrintApiProblem problem, string detail) : Exception(detail)
    {
        public PrintApiProblem Problem { get; } = problem;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(PrintApiProblem.Unauthorized, "Send the API key as \"Authorization: Bearer pk_…\".");
        }

        var key = header["Bearer ".Length..].Trim();
        if (!PrintApiKeySecret.LooksLikeKey(key))
        {
            return Refuse(PrintApiProblem.Unauthorized, "The API key is not valid.");
        }

        var hash = PrintApiKeySecret.Hash(key);
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.PrintApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash)
            .Select(k => new
            {
                k.Id, k.Name, k.TenantId, k.Scopes, k.ExpiresAt, k.RevokedAt, k.LastUsedAt,
                CompanyName = k.Tenant != null ? k.Tenant.CompanyName : null,
                CompanyDisabled = k.Tenant != null && k.Tenant.IsDisabled,
                CreatorIsOperator = db.Users.Any(u => u.Id == k.CreatedByUserId && u.IsOperator),
            })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now || found.CompanyDisabled
            || found.TenantId is null && !found.CreatorIsOperator)
        {
            // One answer for all of these: a caller learns nothing about keys that do not work.
            return Refuse(PrintApiProblem.Unauthorized, "The API key is not valid: it is unknown, expired or revoked.");
        }

        var (tenantId, companyName, actor) = (found.TenantId, found.CompanyName, $"API key \"{found.Name}\"");
        if (tenantId is null)
        {
            if (!Guid.TryParse(Request.Headers[CompanyHeader], out var named))
            {
                return Refuse(PrintApiProblem.CompanyRequired, $"An operator's key names the company it acts for in the {CompanyHeader} header (the company's id).");
            }

            var company = await db.Tenants.AsNoTracking().Where(t => t.Id == named && !t.IsDisabled).Select(t => t.CompanyName).SingleOrDefaultAsync(Context.RequestAborted);
            if (company is null)
            {
                return Refuse(PrintApiProblem.CompanyRequired, $"The {CompanyHeader} header names no enabled company.");
            }

            (tenantId, companyName, actor) = (named, company, $"operator API key \"{found.Name}\"");
        }

        if (found.LastUsedAt is not { } used || used <= now - LastUsedPrecision)
        {
            var stale = now - LastUsedPrecision;
            await db.PrintApiKeys.Where(k => k.Id == found.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = ApiKeyCaller.Principal(found.Id, actor, tenantId.Value, companyName!, PrintApiScope.Names(found.Scopes));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyCaller.Scheme));
    }

    private static AuthenticateResult Refuse(PrintApiProblem problem, string detail) => AuthenticateResult.Fail(new Refusal(problem, detail));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var refusal = result.Failure as Refusal ?? new Refusal(PrintApiProblem.Unauthorized, "Send the API key as \"Authorization: Bearer pk_…\".");
        // RFC 6750: a request that carried a key it could not use is told invalid_token.
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count == 0 ? "Bearer" : "Bearer error=\"invalid_token\"";
        await refusal.Problem.WriteAsync(Context, refusal.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<PrintApiScope>()?.Name ?? "";
        return PrintApiProblem.MissingScope.WriteAsync(Context, $"This call needs an API key with the scope \"{needed}\".");
    }
}
