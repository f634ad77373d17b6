namespace Portal.Features.OpenApi;

public sealed record ApiClientRow(
    Guid Id, string ClientId, string Name, ApiScopes Scopes, bool IsDisabled, long CallCount, DateTimeOffset? LastCalledAt,
    DateTimeOffset CreatedAt, int ActiveSecrets);

/// <summary>A secret as issued: the only time it exists in plain text. Show it once and drop it.</summary>
public sealed record IssuedClientSecret(string ClientId, string Secret);

/// <summary>
/// Platform operators register and manage the providers allowed to call the open API. Every method checks the caller
/// itself, so a component that forgets to hide a button still cannot act.
/// </summary>
public sealed class ApiClientService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    OpenApiStore store,
    TimeProvider timeProvider,
    IStringLocalizer<ApiClientService> text,
    ILogger<ApiClientService> logger)
{
    public const int MaxActiveSecrets = 2;

    public async Task<ServiceResult<IReadOnlyList<ApiClientRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await OperatorAsync(cancellationToken) is null)
        {
            return ServiceResult<IReadOnlyList<ApiClientRow>>.Fail(text["Only platform operators can manage API clients."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiClients.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new ApiClientRow(c.Id, c.ClientId, c.Name, c.Scopes, c.IsDisabled, c.CallCount, c.LastCalledAt, c.CreatedAt,
                c.Secrets.Count(s => s.RevokedAt == null)))
            .ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<ApiClientRow>>.Ok(rows);
    }

    public async Task<ServiceResult<IssuedClientSecret>> CreateAsync(string? name, ApiScopes scopes, CancellationToken cancellationToken = default)
    {
        var caller = await OperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["Only platform operators can manage API clients."]);
        }

        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["Enter a name of at most 100 characters."]);
        }

        scopes &= ApiScopes.User | ApiScopes.Company;
        if (scopes == ApiScopes.None)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["Choose at least one scope."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clientId = OpenApiCrypto.NewClientId();
        while (await db.ApiClients.AnyAsync(c => c.ClientId == clientId, cancellationToken))
        {
            clientId = OpenApiCrypto.NewClientId();
        }

        var secret = OpenApiCrypto.NewClientSecret();
        var now = timeProvider.GetUtcNow();
        db.ApiClients.Add(new ApiClient
        {
            ClientId = clientId,
            Name = name,
            Scopes = scopes,
            CreatedAt = now,
            CreatedByUserId = caller.UserId,
            Secrets = [new ApiClientSecret { SecretHash = OpenApiCrypto.Hash(secret), CreatedAt = now }],
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Operator {UserId} registered API client {ClientId} with scopes {Scopes}", caller.UserId, clientId, scopes);
        return ServiceResult<IssuedClientSecret>.Ok(new IssuedClientSecret(clientId, secret));
    }

    /// <summary>Adds a second secret; both work until <see cref="RetireOldestSecretAsync"/> withdraws the older one.</summary>
    public async Task<ServiceResult<IssuedClientSecret>> RotateAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var caller = await OperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["Only platform operators can manage API clients."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.Include(c => c.Secrets.Where(s => s.RevokedAt == null))
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["That API client does not exist."]);
        }

        if (client.Secrets.Count >= MaxActiveSecrets)
        {
            return ServiceResult<IssuedClientSecret>.Fail(text["This client already has two secrets. Retire the older one first."]);
        }

        var secret = OpenApiCrypto.NewClientSecret();
        client.Secrets.Add(new ApiClientSecret { SecretHash = OpenApiCrypto.Hash(secret), CreatedAt = timeProvider.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        store.Forget();
        logger.LogInformation("Operator {UserId} added a secret to API client {ClientId}", caller.UserId, client.ClientId);
        return ServiceResult<IssuedClientSecret>.Ok(new IssuedClientSecret(client.ClientId, secret));
    }

    /// <summary>Ends a rotation: withdraws the older of two active secrets.</summary>
    public async Task<ServiceResult> RetireOldestSecretAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var caller = await OperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(text["Only platform operators can manage API clients."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.Include(c => c.Secrets.Where(s => s.RevokedAt == null))
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return ServiceResult.Fail(text["That API client does not exist."]);
        }

        if (client.Secrets.Count < MaxActiveSecrets)
        {
            return ServiceResult.Fail(text["The only active secret cannot be retired. Rotate first."]);
        }

        client.Secrets.OrderBy(s => s.CreatedAt).First().RevokedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        store.Forget();
        logger.LogInformation("Operator {UserId} retired the older secret of API client {ClientId}", caller.UserId, client.ClientId);
        return ServiceResult.Ok();
    }

    public async Task<ServiceResult> SetDisabledAsync(Guid id, bool disabled, CancellationToken cancellationToken = default)
    {
        var caller = await OperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(text["Only platform operators can manage API clients."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return ServiceResult.Fail(text["That API client does not exist."]);
        }

        client.IsDisabled = disabled;
        await db.SaveChangesAsync(cancellationToken);
        store.Forget();
        logger.LogInformation("Operator {UserId} set API client {ClientId} disabled={Disabled}", caller.UserId, client.ClientId, disabled);
        return ServiceResult.Ok();
    }

    private Task<Caller?> OperatorAsync(CancellationToken cancellationToken) => gate.OperatorAsync(cancellationToken);
}
