namespace Portal.Features.Companies;

public sealed record TenantListRow(Guid Id, string CompanyName, CompanyType CompanyType, string? City, int MemberCount,
    bool IsDisabled, DateTimeOffset CreatedAt);

public sealed record TenantMemberRow(string Email, string? TrueName, TenantRole Role, DateTimeOffset JoinedAt);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>
/// The one path across tenants: platform operators only, every change audited against the tenant it touched.
/// Every method re-checks <see cref="Caller.IsOperator"/>; hiding the pages is not the protection.
/// </summary>
public sealed class OperatorTenantService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<OperatorTenantService> L)
{
    public async Task<ServiceResult<PagedResult<TenantListRow>>> ListAsync(string? search, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        if (await RequireOperatorAsync(cancellationToken) is null)
        {
            return ServiceResult<PagedResult<TenantListRow>>.Fail(NotOperator);
        }

        pageSize = Math.Clamp(pageSize, 1, 100);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var query = db.Tenants.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(t => t.NormalizedName.Contains(term) || (t.City != null && t.City.Contains(search.Trim())));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(t => t.CreatedAt)
            .Skip(page * pageSize).Take(pageSize)
            .Select(t => new TenantListRow(t.Id, t.CompanyName, t.CompanyType, t.City,
                db.Memberships.Count(m => m.TenantId == t.Id), t.IsDisabled, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return ServiceResult<PagedResult<TenantListRow>>.Ok(new PagedResult<TenantListRow>(rows, total));
    }

    /// <summary>Creates a company with no members yet; the operator then invites its owner from the tenant page.</summary>
    public async Task<ServiceResult<Guid>> CreateAsync(TenantProfileInput input, CancellationToken cancellationToken = default)
    {
        var caller = await RequireOperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<Guid>.Fail(NotOperator);
        }

        if (InputValidation.ErrorsOf(input) is { } invalid)
        {
            return ServiceResult<Guid>.Fail(invalid);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var tenant = new Tenant { Id = Guid.CreateVersion7(), CompanyName = "", NormalizedName = "", CreatedAt = timeProvider.GetUtcNow() };
        input.ApplyTo(tenant);
        if (await db.Tenants.AnyAsync(t => t.NormalizedName == tenant.NormalizedName, cancellationToken))
        {
            return ServiceResult<Guid>.Fail(TenantService.NameTakenMessage(L, tenant.CompanyName));
        }

        db.Tenants.Add(tenant);
        audit.Record(db, tenant.Id, caller, "tenant.created", tenant.CompanyName, AuditDetail.Of("by an operator"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone created the same name between the check and the insert (the name is unique).
            await using var again = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            if (await again.Tenants.AnyAsync(t => t.NormalizedName == tenant.NormalizedName, cancellationToken))
            {
                return ServiceResult<Guid>.Fail(TenantService.NameTakenMessage(L, tenant.CompanyName));
            }

            throw;
        }

        return ServiceResult<Guid>.Ok(tenant.Id);
    }

    public async Task<ServiceResult> SetDisabledAsync(Guid tenantId, bool disabled, CancellationToken cancellationToken = default)
    {
        var caller = await RequireOperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(NotOperator);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return ServiceResult.Fail(L["That company was not found."]);
        }

        tenant.IsDisabled = disabled;
        audit.Record(db, tenantId, caller, disabled ? "tenant.disabled" : "tenant.enabled", tenant.CompanyName);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult.Ok();
    }

    public async Task<ServiceResult<(TenantListRow Tenant, IReadOnlyList<TenantMemberRow> Members)>> GetAsync(Guid tenantId,
        CancellationToken cancellationToken = default)
    {
        if (await RequireOperatorAsync(cancellationToken) is null)
        {
            return ServiceResult<(TenantListRow, IReadOnlyList<TenantMemberRow>)>.Fail(NotOperator);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new TenantListRow(t.Id, t.CompanyName, t.CompanyType, t.City,
                db.Memberships.Count(m => m.TenantId == t.Id), t.IsDisabled, t.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            return ServiceResult<(TenantListRow, IReadOnlyList<TenantMemberRow>)>.Fail(L["That company was not found."]);
        }

        var members = await db.Memberships.AsNoTracking().Where(m => m.TenantId == tenantId)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.Email)
            .Select(m => new TenantMemberRow(m.User!.Email ?? "", m.User.TrueName, m.Role, m.JoinedAt))
            .ToListAsync(cancellationToken);
        return ServiceResult<(TenantListRow, IReadOnlyList<TenantMemberRow>)>.Ok((tenant, members));
    }

    /// <summary>Makes the operator an Owner of the tenant, so they can invite its first members through the normal path.</summary>
    public async Task<ServiceResult> JoinAsOwnerAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var caller = await RequireOperatorAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(NotOperator);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
        {
            return ServiceResult.Fail(L["That company was not found."]);
        }

        if (!await db.Memberships.AnyAsync(m => m.TenantId == tenantId && m.UserId == caller.UserId, cancellationToken))
        {
            db.Memberships.Add(new Membership { TenantId = tenantId, UserId = caller.UserId, Role = TenantRole.Owner, JoinedAt = timeProvider.GetUtcNow() });
            audit.Record(db, tenantId, caller, "member.joined", caller.DisplayName, AuditDetail.Of("an operator joined as {0}", AuditDetail.Word(nameof(TenantRole.Owner))));
            await db.SaveChangesAsync(cancellationToken);
        }

        await db.Users.Where(u => u.Id == caller.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentTenantId, tenantId), cancellationToken);
        return ServiceResult.Ok();
    }

    private string NotOperator => gate.OperatorsOnly;

    private async Task<Caller?> RequireOperatorAsync(CancellationToken cancellationToken)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        return caller is { IsOperator: true } ? caller : null;
    }
}
