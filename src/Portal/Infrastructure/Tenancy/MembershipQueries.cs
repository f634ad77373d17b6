namespace Portal.Infrastructure.Tenancy;

/// <summary>A user's own memberships, read across tenants: the one cross-tenant read every user may make.</summary>
public static class MembershipQueries
{
    public sealed record UserMembership(Guid TenantId, string TenantName, TenantRole Role, bool TenantDisabled);

    public static IQueryable<UserMembership> MembershipsOf(PortalDbContext db, string userId) =>
        Project(Of(db, userId));

    public static IQueryable<UserMembership> EnabledMembershipsOf(PortalDbContext db, string userId) =>
        Project(Of(db, userId).Where(m => !m.Tenant!.IsDisabled));

    public static Task<bool> IsEnabledMemberAsync(PortalDbContext db, string userId, Guid tenantId, CancellationToken cancellationToken) =>
        Of(db, userId).AnyAsync(m => m.TenantId == tenantId && !m.Tenant!.IsDisabled, cancellationToken);

    /// <summary>Companies where this user is the only Owner while other people are still members.</summary>
    public static Task<List<string>> CompaniesLeftWithoutOwnerAsync(PortalDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var all = db.Memberships.IgnoreQueryFilters([PortalDbContext.TenantFilter]);
        return Of(db, userId)
            .Where(m => m.Role == TenantRole.Owner)
            .Where(m => !all.Any(o => o.TenantId == m.TenantId && o.UserId != userId && o.Role == TenantRole.Owner))
            .Where(m => all.Any(o => o.TenantId == m.TenantId && o.UserId != userId))
            .Select(m => m.Tenant!.CompanyName)
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<Membership> Of(PortalDbContext db, string userId) =>
        db.Memberships.IgnoreQueryFilters([PortalDbContext.TenantFilter]).Where(m => m.UserId == userId);

    private static IQueryable<UserMembership> Project(IQueryable<Membership> memberships) =>
        memberships
            .OrderBy(m => m.Tenant!.CompanyName)
            .Select(m => new UserMembership(m.TenantId, m.Tenant!.CompanyName, m.Role, m.Tenant.IsDisabled));
}
