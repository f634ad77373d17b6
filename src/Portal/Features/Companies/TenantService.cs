namespace Portal.Features.Companies;

/// <summary>The caller's own companies: create one, switch between them, read and edit the current profile.</summary>
public sealed class TenantService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<TenantService> L)
{
    public async Task<IReadOnlyList<TenantSummary>> GetMyTenantsAsync(CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var memberships = await MembershipQueries.EnabledMembershipsOf(db, caller.UserId).ToListAsync(cancellationToken);
        return memberships.Select(m => new TenantSummary(m.TenantId, m.TenantName, m.Role, m.TenantId == caller.TenantId)).ToList();
    }

    /// <summary>Creates a company with the caller as its Owner, and makes it their current one.</summary>
    public async Task<ServiceResult<Guid>> CreateAsync(TenantProfileInput input, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<Guid>.Fail(L["Please sign in first."]);
        }

        if (InputValidation.ErrorsOf(input) is { } invalid)
        {
            return ServiceResult<Guid>.Fail(invalid);
        }

        var now = timeProvider.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(), CompanyName = "", NormalizedName = "", CreatedAt = now };
        input.ApplyTo(tenant);

        await using var db = await dbFactory.CreateForTenantAsync(tenant.Id, cancellationToken);
        if (await db.Tenants.AnyAsync(t => t.NormalizedName == tenant.NormalizedName, cancellationToken))
        {
            return ServiceResult<Guid>.Fail(NameTaken(tenant.CompanyName));
        }

        db.Tenants.Add(tenant);
        db.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = caller.UserId, Role = TenantRole.Owner, JoinedAt = now });
        audit.Record(db, tenant.Id, caller, "tenant.created", tenant.CompanyName);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request may have created the same name between the check and the insert.
            if (await NameExistsAsync(tenant.NormalizedName, cancellationToken))
            {
                return ServiceResult<Guid>.Fail(NameTaken(tenant.CompanyName));
            }

            throw;
        }

        await db.Users.Where(u => u.Id == caller.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentTenantId, tenant.Id), cancellationToken);
        return ServiceResult<Guid>.Ok(tenant.Id);
    }

    /// <summary>Makes <paramref name="tenantId"/> the caller's current company, if they belong to it and it is enabled.</summary>
    public async Task<ServiceResult> SwitchAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(L["Please sign in first."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await MembershipQueries.IsEnabledMemberAsync(db, caller.UserId, tenantId, cancellationToken))
        {
            return ServiceResult.Fail(L["You are not a member of that company."]);
        }

        await db.Users.Where(u => u.Id == caller.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentTenantId, tenantId), cancellationToken);
        return ServiceResult.Ok();
    }

    public Task<ServiceResult<TenantProfileInput>> GetCurrentProfileAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, cancellationToken);
            return ServiceResult<TenantProfileInput>.Ok(TenantProfileInput.From(tenant));
        }, cancellationToken);

    public Task<ServiceResult> UpdateCurrentProfileAsync(TenantProfileInput input, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, L["Only an Owner or Admin can change the company profile."], async (caller, tenantId) =>
        {
            if (InputValidation.ErrorsOf(input) is { } invalid)
            {
                return ServiceResult.Fail(invalid);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, cancellationToken);
            var normalized = Tenant.Normalize(input.CompanyName);
            if (normalized != tenant.NormalizedName &&
                await db.Tenants.AnyAsync(t => t.NormalizedName == normalized && t.Id != tenantId, cancellationToken))
            {
                return ServiceResult.Fail(NameTaken(input.CompanyName.Trim()));
            }

            input.ApplyTo(tenant);
            audit.Record(db, tenantId, caller, "tenant.profile-updated", tenant.CompanyName);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    public async Task<ServiceResult<TenantDashboard>> GetDashboardAsync(CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId || caller.Role is not { } role)
        {
            return ServiceResult<TenantDashboard>.Fail(gate.NoCompany);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var members = await db.Memberships.CountAsync(cancellationToken);
        var pending = await db.Invitations.CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
        var recent = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.At).Take(8)
            .Select(a => new AuditLine(a.At, a.ActorName, a.Action, a.Target, a.Succeeded))
            .ToListAsync(cancellationToken);
        return ServiceResult<TenantDashboard>.Ok(new TenantDashboard(caller.TenantName!, role, members, pending, recent));
    }

    private async Task<bool> NameExistsAsync(string normalizedName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AnyAsync(t => t.NormalizedName == normalizedName, cancellationToken);
    }

    private string NameTaken(string name) => NameTakenMessage(L, name);

    /// <summary>Said when a company name (compared by <see cref="Tenant.Normalize"/>) is in use.</summary>
    internal static string NameTakenMessage(IStringLocalizer L, string name) =>
        L["A company named \"{0}\" already exists. Choose another name, or ask its owner to invite you.", name];
}
