using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Services;

/// <summary>A user's own memberships, read across tenants: the one cross-tenant read every user may make.</summary>
internal static class MembershipQueries
{
    public sealed record UserMembership(Guid TenantId, string TenantName, TenantRole Role, bool TenantDisabled);

    public static IQueryable<UserMembership> MembershipsOf(PortalDbContext db, string userId) =>
        db.Memberships
            .IgnoreQueryFilters([PortalDbContext.TenantFilter])
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Tenant!.CompanyName)
            .Select(m => new UserMembership(m.TenantId, m.Tenant!.CompanyName, m.Role, m.Tenant.IsDisabled));

    public static IQueryable<UserMembership> EnabledMembershipsOf(PortalDbContext db, string userId) =>
        MembershipsOf(db, userId).Where(m => !m.TenantDisabled);
}
