namespace Portal.Features.OpenApi;

public sealed record ApiTokenRow(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

public sealed record ProviderAccessRow(Guid Id, string ProviderName, string ClientId, long AccessCount, DateTimeOffset FirstAccessAt,
    DateTimeOffset LastAccessAt, DateTimeOffset? RevokedAt);

/// <summary>A token as issued: the only time it exists in plain text.</summary>
public sealed record IssuedApiToken(Guid Id, string Name, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The signed-in user's own API access tokens and the providers that read their data, in their current company. Only
/// the caller's own rows are ever read or changed.
/// </summary>
public sealed class ApiAccessService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    OpenApiStore store,
    AuditLog audit,
    IOptions<OpenApiOptions> options,
    TimeProvider timeProvider,
    IStringLocalizer<ApiAccessService> text)
{
    public const int MaxActiveTokens = 20;

    public Task<ServiceResult<IReadOnlyList<ApiTokenRow>>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        ListOwnAsync((db, userId) => db.UserApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)), cancellationToken);

    public Task<ServiceResult<IssuedApiToken>> CreateTokenAsync(string? name, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            name = name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                return ServiceResult<IssuedApiToken>.Fail(text["Enter a name of at most 100 characters."]);
            }

            var now = timeProvider.GetUtcNow();
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var active = await db.UserApiTokens.CountAsync(t => t.UserId == caller.UserId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
            if (active >= MaxActiveTokens)
            {
                return ServiceResult<IssuedApiToken>.Fail(text["You already have {0} active tokens. Revoke one first.", MaxActiveTokens]);
            }

            var token = OpenApiCrypto.NewAccessToken();
            var row = new UserApiToken
            {
                TenantId = tenantId,
                UserId = caller.UserId,
                Name = name,
                TokenHash = OpenApiCrypto.Hash(token),
                CreatedAt = now,
                ExpiresAt = now.AddMonths(options.Value.AccessTokenLifetimeMonths),
            };
            db.UserApiTokens.Add(row);
            audit.Record(db, tenantId, caller, "api-token.created", target: name);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<IssuedApiToken>.Ok(new IssuedApiToken(row.Id, name, token, row.ExpiresAt));
        }, cancellationToken);

    public Task<ServiceResult> RevokeTokenAsync(Guid id, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var token = await db.UserApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.UserId, cancellationToken);
            if (token is null)
            {
                return ServiceResult.Fail(text["That token does not exist."]);
            }

            if (token.RevokedAt is null)
            {
                token.RevokedAt = timeProvider.GetUtcNow();
                audit.Record(db, tenantId, caller, "api-token.revoked", target: token.Name);
                await db.SaveChangesAsync(cancellationToken);
            }

            store.Forget();
            return ServiceResult.Ok();
        }, cancellationToken);

    public Task<ServiceResult<IReadOnlyList<ProviderAccessRow>>> ListProvidersAsync(CancellationToken cancellationToken = default) =>
        ListOwnAsync((db, userId) => db.ProviderAccesses.AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.LastAccessAt)
            .Select(p => new ProviderAccessRow(p.Id, p.Client!.Name, p.Client.ClientId, p.AccessCount, p.FirstAccessAt, p.LastAccessAt, p.RevokedAt)),
            cancellationToken);

    /// <summary>
    /// Stops a provider from reading the caller's data: its outstanding auth codes are deleted and authorize refuses it
    /// (401) until the user allows it again.
    /// </summary>
    public Task<ServiceResult> RevokeProviderAsync(Guid id, CancellationToken cancellationToken = default) =>
        SetProviderRevokedAsync(id, revoke: true, cancellationToken);

    public Task<ServiceResult> AllowProviderAgainAsync(Guid id, CancellationToken cancellationToken = default) =>
        SetProviderRevokedAsync(id, revoke: false, cancellationToken);

    private Task<ServiceResult> SetProviderRevokedAsync(Guid id, bool revoke, CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var access = await db.ProviderAccesses.Include(p => p.Client)
                .SingleOrDefaultAsync(p => p.Id == id && p.UserId == caller.UserId, cancellationToken);
            if (access is null)
            {
                return ServiceResult.Fail(text["That provider has not accessed your data."]);
            }

            access.RevokedAt = revoke ? timeProvider.GetUtcNow() : null;
            audit.Record(db, tenantId, caller, revoke ? "api-provider.revoked" : "api-provider.allowed", target: access.Client?.Name);
            await db.SaveChangesAsync(cancellationToken);
            if (revoke)
            {
                await db.ApiAuthCodes.Where(c => c.UserId == caller.UserId && c.ApiClientId == access.ApiClientId).ExecuteDeleteAsync(cancellationToken);
            }

            store.Forget();
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>The caller's own rows in their current company, by <paramref name="query"/> given the caller's user id.</summary>
    private Task<ServiceResult<IReadOnlyList<TRow>>> ListOwnAsync<TRow>(Func<PortalDbContext, string, IQueryable<TRow>> query,
        CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return ServiceResult<IReadOnlyList<TRow>>.Ok(await query(db, caller.UserId).ToListAsync(cancellationToken));
        }, cancellationToken);
}
