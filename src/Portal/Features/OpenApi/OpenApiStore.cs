namespace Portal.Features.OpenApi;

public sealed record ClientSnapshot(Guid Id, string ClientId, string Name, ApiScopes Scopes, bool IsDisabled, byte[][] SecretHashes);

/// <summary><see cref="IsUsable"/> is false when the token is revoked or its user lost (or never had) an active membership.</summary>
public sealed record TokenSnapshot(Guid Id, Guid TenantId, string UserId, DateTimeOffset ExpiresAt, bool IsUsable, TenantRole? Role);

public sealed record AuthCodeSnapshot(Guid ClientId, string UserId, ApiScopes Scopes, DateTimeOffset ExpiresAt);

public sealed record UserProfile(string? UserName, string? TrueName, Sex Sex, string? Phone, string? Status, string? AvatarUrl, DateTimeOffset CreatedAt);

/// <summary>
/// Everything a call needs once its client is known, read together: the token with its user's membership, whether the
/// user revoked this client, the auth code (none for authorize), and the masked data of the user and of the company
/// (null when deleted), without <c>nowtime</c>.
/// </summary>
public sealed record OpenApiGrant(TokenSnapshot Token, bool ProviderRevoked, AuthCodeSnapshot? AuthCode, OpenApiField[]? UserData,
    OpenApiField[]? CompanyData);

/// <summary>
/// The open API's reads: a call makes at most two, the client by its id and then one query for its
/// <see cref="OpenApiGrant"/>, and each is kept for <see cref="OpenApiOptions.LookupCacheDuration"/> (at most a second),
/// so a busy provider's calls mostly read nothing. A change made through the portal's own services clears the cache of
/// this instance at once (<see cref="Forget"/>); any other change (another instance, a company deleted, a membership
/// ended) is seen once the entry expires, within that second. Cache keys hold hashes, never a raw secret or token.
/// <para>
/// Cross-tenant reads: a call arrives with no tenant; the tenant is whatever the access token says. So the grant is
/// looked up by the token's hash across tenants, and every other row of that query is joined on the token's own tenant.
/// This file is the only place in the open API that lifts the tenant filter.
/// </para>
/// </summary>
public sealed class OpenApiStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<OpenApiOptions> options,
    TimeProvider timeProvider)
{
    private const int Capacity = 100_000;

    private readonly OpenApiLookupCache<string, ClientSnapshot?> _clients = new(timeProvider, Capacity);
    private readonly OpenApiLookupCache<GrantKey, OpenApiGrant?> _grants = new(timeProvider, Capacity);

    private TimeSpan CacheFor => options.Value.LookupCacheDuration;

    public async ValueTask<ClientSnapshot?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        if (_clients.TryGet(clientId, out var cached))
        {
            return cached;
        }

        var generation = _clients.Generation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.AsNoTracking()
            .Where(c => c.ClientId == clientId)
            .Select(c => new
            {
                c.Id, c.ClientId, c.Name, c.Scopes, c.IsDisabled,
                Hashes = c.Secrets.Where(s => s.RevokedAt == null).Select(s => s.SecretHash).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var snapshot = client is null ? null : new ClientSnapshot(client.Id, client.ClientId, client.Name, client.Scopes, client.IsDisabled, [.. client.Hashes]);
        // Misses are kept too, so a flood of unknown ids does not turn into a flood of queries.
        _clients.Set(clientId, snapshot, CacheFor, generation);
        return snapshot;
    }

    /// <summary>
    /// The grant of the access token with hash <paramref name="tokenHash"/> to <paramref name="clientId"/> (the client's
    /// row id), with the auth code of hash <paramref name="authCodeHash"/> if one is given; null when no token has that hash.
    /// </summary>
    public async ValueTask<OpenApiGrant?> FindGrantAsync(Sha256Key tokenHash, Guid clientId, Sha256Key? authCodeHash,
        CancellationToken cancellationToken)
    {
        var key = new GrantKey(tokenHash, clientId, authCodeHash);
        if (_grants.TryGet(key, out var cached))
        {
            return cached;
        }

        var generation = _grants.Generation;
        var grant = await ReadGrantAsync(tokenHash.ToArray(), clientId, authCodeHash?.ToArray(), cancellationToken);
        _grants.Set(key, grant, CacheFor, generation);
        return grant;
    }

    /// <summary>Clears this instance's cache after a change made through the portal (a secret, a client, a token, a provider).</summary>
    public void Forget()
    {
        _clients.Clear();
        _grants.Clear();
    }

    private async Task<OpenApiGrant?> ReadGrantAsync(byte[] tokenHash, Guid clientId, byte[]? codeHash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One command: the joins are LEFT JOINs on the token's tenant and user, the provider check an EXISTS.
        var row = await (
                from t in db.UserApiTokens.AsNoTracking().IgnoreQueryFilters([PortalDbContext.TenantFilter])
                where t.TokenHash == tokenHash
                join company in db.Tenants on t.TenantId equals company.Id into companies
                from company in companies.DefaultIfEmpty()
                join membership in db.Memberships on new { t.TenantId, t.UserId } equals new { membership.TenantId, membership.UserId } into memberships
                from membership in memberships.DefaultIfEmpty()
                join user in db.Users on t.UserId equals user.Id into users
                from user in users.DefaultIfEmpty()
                from code in db.ApiAuthCodes.Where(c => codeHash != null && c.TenantId == t.TenantId && c.CodeHash == codeHash).DefaultIfEmpty()
                select new
                {
                    t.Id, t.TenantId, t.UserId, t.ExpiresAt, t.RevokedAt,
                    Role = membership == null ? (TenantRole?)null : membership.Role,
                    Company = company,
                    ProviderRevoked = db.ProviderAccesses.Any(p =>
                        p.TenantId == t.TenantId && p.UserId == t.UserId && p.ApiClientId == clientId && p.RevokedAt != null),
                    Code = code == null ? null : new AuthCodeSnapshot(code.ApiClientId, code.UserId, code.Scopes, code.ExpiresAt),
                    User = user == null ? null
                        : new UserProfile(user.UserName, user.TrueName, user.Sex, user.PhoneNumber, user.Status, user.AvatarUrl, user.CreatedAt),
                })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        // Usable: not revoked, and its user is (still) a member of a company that is not disabled.
        var usable = row.RevokedAt is null && row.Role is not null && row.Company is { IsDisabled: false };
        var token = new TokenSnapshot(row.Id, row.TenantId, row.UserId, row.ExpiresAt, usable, row.Role);
        return new OpenApiGrant(token, row.ProviderRevoked, row.Code,
            row.User is null ? null : OpenApiProfileReader.UserData(row.User, row.Role),
            row.Company is null ? null : OpenApiProfileReader.CompanyData(row.Company));
    }

    private readonly record struct GrantKey(Sha256Key TokenHash, Guid ClientId, Sha256Key? AuthCodeHash);
}
