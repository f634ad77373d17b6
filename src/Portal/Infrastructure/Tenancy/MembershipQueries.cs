using System.Linq.Expressions;

namespace Portal.Infrastructure.Tenancy;

/// <summary>A user's own memberships, read across tenants: the one cross-tenant read every user may make.</summary>
public static class MembershipQueries
{
    public sealed record UserMembership(Guid TenantId, string TenantName, TenantRole Role, bool TenantDisabled);

    /// <summary>A membership that gives access: its company is not disabled.</summary>
    public static readonly Expression<Func<Membership, bool>> Enabled = m => !m.Tenant!.IsDisabled;

    /// <summary>A user and one of their enabled memberships, or no company at all (<see cref="TenantId"/> null).</summary>
    public sealed record UserMembershipRow(string UserId, string? Email, string? TrueName, bool IsOperator, Guid? CurrentTenantId, Guid? TenantId,
        string? TenantName, TenantRole? Role);

    /// <summary>
    /// The user with each enabled membership, by company name; one row with no company when there is none, no row when
    /// the user does not exist. One command, compiled once: every service operation's caller check reads it.
    /// </summary>
    public static IAsyncEnumerable<UserMembershipRow> UserWithEnabledMemberships(PortalDbContext db, string userId) =>
        UserWithEnabledMembershipsQuery.For(db)(db, userId);

    private static readonly CompiledPerModel<Func<PortalDbContext, string, IAsyncEnumerable<UserMembershipRow>>> UserWithEnabledMembershipsQuery = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string userId) =>
            from u in db.Users.AsNoTracking()
            where u.Id == userId
            join enabled in db.Memberships.IgnoreQueryFilters(new[] { PortalDbContext.TenantFilter }).Where(Enabled)
                on u.Id equals enabled.UserId into memberships
            from m in memberships.DefaultIfEmpty()
            orderby m!.Tenant!.CompanyName
            select new UserMembershipRow(u.Id, u.Email, u.TrueName, u.IsOperator, u.CurrentTenantId, (Guid?)m!.TenantId, m.Tenant!.CompanyName,
                (TenantRole?)m.Role)));

    public static IQueryable<UserMembership> MembershipsOf(PortalDbContext db, string userId) =>
        Project(Of(db, userId));

    public static IQueryable<UserMembership> EnabledMembershipsOf(PortalDbContext db, string userId) =>
        Project(Of(db, userId).Where(Enabled));

    public static Task<bool> IsEnabledMemberAsync(PortalDbContext db, string userId, Guid tenantId, CancellationToken cancellationToken) =>
        Of(db, userId).Where(Enabled).AnyAsync(m => m.TenantId == tenantId, cancellationToken);

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
