namespace Portal.Features.PrintApi;

public sealed record PrintApiKeyRow(Guid Id, string Name, string Prefix, PrintApiScopes Scopes, string? CreatedByName, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A key as issued: the only time it exists in plain text. Show it once and drop it.</summary>
public sealed record IssuedPrintApiKey(Guid Id, string Name, string Key);

/// <summary>
/// Print API keys. A company's owners create and revoke its keys, and every member sees the list (names, first
/// characters, scopes, last use: nothing that works as a key), so the team knows which programs print in its name.
/// Operators manage the operators' keys, which act for any company named per request. Company keys are audited in
/// the company's log; operators' keys belong to no company and are logged.
/// </summary>
public sealed class PrintApiKeyService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrintApiKeyService> L,
    ILogger<PrintApiKeyService> logger)
{
    public const int MaxNameLength = 100;

    private const PrintApiScopes AllScopes = PrintApiScopes.PrintersRead | PrintApiScopes.JobsRead | PrintApiScopes.JobsWrite;

    public Task<ServiceResult<IReadOnlyList<PrintApiKeyRow>>> ListCompanyKeysAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return ServiceResult<IReadOnlyList<PrintApiKeyRow>>.Ok(await Rows(db.PrintApiKeys.Where(k => k.TenantId == tenantId)).ToListAsync(cancellationToken));
        }, cancellationToken);

    public Task<ServiceResult<IssuedPrintApiKey>> CreateCompanyKeyAsync(string? name, PrintApiScopes scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            if (Problem(name, scopes, expiresAt) is { } problem)
            {
                return ServiceResult<IssuedPrintApiKey>.Fail(problem);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var (row, key) = NewKey(caller, tenantId, name!.Trim(), scopes, expiresAt);
            db.PrintApiKeys.Add(row);
            audit.Record(db, tenantId, caller, "api-key.created", row.Name,
                AuditDetail.Of("{0}, scopes {1}", row.Prefix, string.Join(" ", PrintApiScope.Names(scopes))));
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<IssuedPrintApiKey>.Ok(new IssuedPrintApiKey(row.Id, row.Name, key));
        }, cancellationToken);

    public Task<ServiceResult> RevokeCompanyKeyAsync(Guid id, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var key = await db.PrintApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.TenantId == tenantId, cancellationToken);
            if (key is null)
            {
                return ServiceResult.Fail(L["That API key does not exist."]);
            }

            if (key.RevokedAt is null)
            {
                key.RevokedAt = timeProvider.GetUtcNow();
                audit.Record(db, tenantId, caller, "api-key.revoked", key.Name, key.Prefix);
                await db.SaveChangesAsync(cancellationToken);
            }

            return ServiceResult.Ok();
        }, cancellationToken);

    public Task<ServiceResult<IReadOnlyList<PrintApiKeyRow>>> ListOperatorKeysAsync(CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async _ =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<PrintApiKeyRow>>.Ok(await Rows(db.PrintApiKeys.Where(k => k.TenantId == null)).ToListAsync(cancellationToken));
        }, cancellationToken);

    public Task<ServiceResult<IssuedPrintApiKey>> CreateOperatorKeyAsync(string? name, PrintApiScopes scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            if (Problem(name, scopes, expiresAt) is { } problem)
            {
                return ServiceResult<IssuedPrintApiKey>.Fail(problem);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (row, key) = NewKey(caller, null, name!.Trim(), scopes, expiresAt);
            db.PrintApiKeys.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Operator {Operator} created the operator print API key {KeyName} ({Prefix}) with scopes {Scopes}", caller.UserId, row.Name, row.Prefix, row.Scopes);
            return ServiceResult<IssuedPrintApiKey>.Ok(new IssuedPrintApiKey(row.Id, row.Name, key));
        }, cancellationToken);

    public Task<ServiceResult> RevokeOperatorKeyAsync(Guid id, CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var key = await db.PrintApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.TenantId == null, cancellationToken);
            if (key is null)
            {
                return ServiceResult.Fail(L["That API key does not exist."]);
            }

            if (key.RevokedAt is null)
            {
                key.RevokedAt = timeProvider.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Operator {Operator} revoked the operator print API key {KeyName} ({Prefix})", caller.UserId, key.Name, key.Prefix);
            }

            return ServiceResult.Ok();
        }, cancellationToken);

    private string OwnersOnly => L["Only the company's owners can create or revoke API keys."];

    private string? Problem(string? name, PrintApiScopes scopes, DateTimeOffset? expiresAt) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength ? L["Enter a name of at most 100 characters."].Value
        : scopes == PrintApiScopes.None || (scopes & ~AllScopes) != 0 ? L["Choose at least one scope."].Value
        : expiresAt <= timeProvider.GetUtcNow() ? L["The expiry must be in the future."].Value
        : null;

    private (PrintApiKey Row, string Key) NewKey(Caller caller, Guid? tenantId, string name, PrintApiScopes scopes, DateTimeOffset? expiresAt)
    {
        var key = PrintApiKeySecret.New();
        return (new PrintApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = name,
            Prefix = PrintApiKeySecret.Prefix(key),
            SecretHash = PrintApiKeySecret.Hash(key),
            Scopes = scopes,
            CreatedByUserId = caller.UserId,
            CreatedByName = caller.DisplayName,
            CreatedAt = timeProvider.GetUtcNow(),
            ExpiresAt = expiresAt?.ToUniversalTime(),
        }, key);
    }

    private static IQueryable<PrintApiKeyRow> Rows(IQueryable<PrintApiKey> keys) =>
        keys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new PrintApiKeyRow(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedByName, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt));
}
