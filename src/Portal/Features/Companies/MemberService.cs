namespace Portal.Features.Companies;

public sealed record MemberRow(Guid MembershipId, string UserId, string Email, string? TrueName, TenantRole Role,
    DateTimeOffset JoinedAt, bool IsYou);

/// <summary>The current company's members. Owners manage everyone; Admins manage Members and Admins; nobody strands a company without an Owner.</summary>
public sealed class MemberService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    IStringLocalizer<MemberService> L)
{
    public Task<ServiceResult<IReadOnlyList<MemberRow>>> ListAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var rows = await db.Memberships.AsNoTracking()
                .OrderByDescending(m => m.Role).ThenBy(m => m.User!.Email)
                .Select(m => new MemberRow(m.Id, m.UserId, m.User!.Email ?? "", m.User.TrueName, m.Role, m.JoinedAt, m.UserId == caller.UserId))
                .ToListAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<MemberRow>>.Ok(rows);
        }, cancellationToken);

    public Task<ServiceResult> ChangeRoleAsync(Guid membershipId, TenantRole newRole, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var membership = await db.Memberships.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
            if (membership is null)
            {
                return ServiceResult.Fail(L["That member was not found in this company."]);
            }

            if (!MayManage(caller, membership.Role) || !MayManage(caller, newRole))
            {
                return ServiceResult.Fail(L["Only an Owner can change Owners or make someone an Owner."]);
            }

            if (membership.Role == TenantRole.Owner && newRole != TenantRole.Owner && await IsLastOwnerAsync(db, cancellationToken))
            {
                return ServiceResult.Fail(L["A company needs at least one Owner. Make someone else an Owner first."]);
            }

            var before = membership.Role;
            membership.Role = newRole;
            audit.Record(db, tenantId, caller, "member.role-changed", membership.User?.Email, AuditDetail.Of("{0} → {1}", AuditDetail.Word(before.ToString()), AuditDetail.Word(newRole.ToString())));
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>Removes a member; anyone may remove themselves (leave), except the last Owner.</summary>
    public Task<ServiceResult> RemoveAsync(Guid membershipId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var membership = await db.Memberships.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
            if (membership is null)
            {
                return ServiceResult.Fail(L["That member was not found in this company."]);
            }

            var leaving = membership.UserId == caller.UserId;
            if (!leaving && !MayManage(caller, membership.Role))
            {
                return ServiceResult.Fail(L["You may not remove this member."]);
            }

            if (membership.Role == TenantRole.Owner && await IsLastOwnerAsync(db, cancellationToken))
            {
                return ServiceResult.Fail(L["A company needs at least one Owner. Make someone else an Owner first."]);
            }

            db.Memberships.Remove(membership);
            audit.Record(db, tenantId, caller, leaving ? "member.left" : "member.removed", membership.User?.Email);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>Admins manage Members and Admins; only Owners touch the Owner role.</summary>
    internal static bool MayManage(Caller caller, TenantRole role) =>
        caller.Holds(TenantRole.Admin) && (role != TenantRole.Owner || caller.Holds(TenantRole.Owner));

    private static async Task<bool> IsLastOwnerAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.Memberships.CountAsync(m => m.Role == TenantRole.Owner, cancellationToken) <= 1;
}
