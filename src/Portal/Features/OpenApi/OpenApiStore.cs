using Microsoft.Extensions.Caching.Memory;

namespace Portal.Features.OpenApi;

public sealed record ClientSnapshot(Guid Id, string ClientId, string Name, ApiScopes Scopes, bool IsDisabled, byte[][] SecretHashes);

/// <summary><see cref="IsUsable"/> is false when the token is revoked or its user lost (or never had) an active membership.</summary>
public sealed record TokenSnapshot(Guid Id, Guid TenantId, string UserId, DateTimeOffset ExpiresAt, bool IsUsable, TenantRole? Role);

public sealed record AuthCodeSnapshot(Guid ClientId, string UserId, ApiScopes Scopes, DateTimeOffset ExpiresAt);

public sealed record UserProfile(string? UserName, string? TrueName, Sex Sex, string? Phone, string? Status, string? AvatarUrl, DateTimeOffset CreatedAt);

/// <summary>
/// The open API's reads, each cached for <see cref="OpenApiOptions.LookupCacheDuration"/> so a busy provider does not
/// hit the database on every call. Cache keys hold hashes, never a raw secret or token.
/// <para>
/// Cross-tenant reads: a call arrives with no tenant; the tenant is whatever the access token says. So the token is
/// looked up by its hash across tenants (together with its user's membership). This file is the only place in the open
/// API that lifts the tenant filter; everything after that lookup runs in a context bound to the token's tenant.
/// </para>
/// </summary>
public sealed class OpenApiStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<OpenApiOptions> options) : IDisposable
{
    // Its own bounded cache: misses are cached too, and a flood of made-up ids must not grow memory without limit.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private TimeSpan CacheFor => options.Value.LookupCacheDuration;

    public ValueTask<ClientSnapshot?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(new ClientKey(clientId), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var client = await db.ApiClients.AsNoTracking()
                .Where(c => c.ClientId == clientId)
                .Select(c => new
                {
                    c.Id, c.ClientId, c.Name, c.Scopes, c.IsDisabled,
                    Hashes = c.Secrets.Where(s => s.RevokedAt == null).Select(s => s.SecretHash).ToList(),
                })
                .SingleOrDefaultAsync(cancellationToken);
            return client is null ? null : new ClientSnapshot(client.Id, client.ClientId, client.Name, client.Scopes, client.IsDisabled, [.. client.Hashes]);
        });

    public ValueTask<TokenSnapshot?> FindTokenAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        GetOrLoadAsync(new TokenKey(Convert.ToHexString(tokenHash)), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var token = await db.UserApiTokens.AsNoTracking()
                .IgnoreQueryFilters([PortalDbContext.TenantFilter])
                .Where(t => t.TokenHash == tokenHash)
                .Select(t => new { t.Id, t.TenantId, t.UserId, t.ExpiresAt, t.RevokedAt })
                .SingleOrDefaultAsync(cancellationToken);
            if (token is null)
            {
                return null;
            }

            var membership = await db.Memberships.AsNoTracking()
                .IgnoreQueryFilters([PortalDbContext.TenantFilter])
                .Where(m => m.TenantId == token.TenantId && m.UserId == token.UserId && !m.Tenant!.IsDisabled)
                .Select(m => new { m.Role })
                .SingleOrDefaultAsync(cancellationToken);
            return new TokenSnapshot(token.Id, token.TenantId, token.UserId, token.ExpiresAt,
                IsUsable: token.RevokedAt is null && membership is not null, membership?.Role);
        });

    public ValueTask<AuthCodeSnapshot?> FindAuthCodeAsync(Guid tenantId, byte[] codeHash, CancellationToken cancellationToken) =>
        GetOrLoadAsync(new AuthCodeKey(tenantId, Convert.ToHexString(codeHash)), async () =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return await db.ApiAuthCodes.AsNoTracking()
                .Where(c => c.CodeHash == codeHash)
                .Select(c => new AuthCodeSnapshot(c.ApiClientId, c.UserId, c.Scopes, c.ExpiresAt))
                .SingleOrDefaultAsync(cancellationToken);
        });

    /// <summary>True when the user revoked this provider in this tenant.</summary>
    public async ValueTask<bool> IsProviderRevokedAsync(Guid tenantId, string userId, Guid clientId, CancellationToken cancellationToken)
    {
        var state = await GetOrLoadAsync(new ProviderKey(tenantId, userId, clientId), async () =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return new ProviderState(await db.ProviderAccesses.AsNoTracking()
                .AnyAsync(p => p.UserId == userId && p.ApiClientId == clientId && p.RevokedAt != null, cancellationToken));
        });
        return state!.Revoked;
    }

    public ValueTask<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(new UserKey(userId), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new UserProfile(u.UserName, u.TrueName, u.Sex, u.PhoneNumber, u.Status, u.AvatarUrl, u.CreatedAt))
                .SingleOrDefaultAsync(cancellationToken);
        });

    public ValueTask<Tenant?> FindCompanyAsync(Guid tenantId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(new CompanyKey(tenantId), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        });

    public void ForgetClient(string clientId) => cache.Remove(new ClientKey(clientId));

    public void ForgetToken(byte[] tokenHash) => cache.Remove(new TokenKey(Convert.ToHexString(tokenHash)));

    public void ForgetProvider(Guid tenantId, string userId, Guid clientId) => cache.Remove(new ProviderKey(tenantId, userId, clientId));

    private async ValueTask<T?> GetOrLoadAsync<T>(object key, Func<Task<T?>> load)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
        {
            return cached;
        }

        var loaded = await load();
        if (CacheFor > TimeSpan.Zero)
        {
            // Misses are cached too (as null), so a flood of unknown ids does not turn into a flood of queries.
            using var entry = cache.CreateEntry(key);
            entry.Value = loaded;
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            entry.Size = 1;
        }

        return loaded;
    }

    public void Dispose() => cache.Dispose();

    private sealed record ProviderState(bool Revoked);

    private sealed record ClientKey(string ClientId);

    private sealed record TokenKey(string TokenHashHex);

    private sealed record AuthCodeKey(Guid TenantId, string CodeHashHex);

    private sealed record ProviderKey(Guid TenantId, string UserId, Guid ClientId);

    private sealed record UserKey(string UserId);

    private sealed record CompanyKey(Guid TenantId);
}
