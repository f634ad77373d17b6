namespace Portal.Data.Tenancy;

/// <summary>The only ways to get a context: bound to one tenant, to none, or (operators only) to all.</summary>
public static class TenantScope
{
    /// <summary>A context that sees and writes only <paramref name="tenantId"/>'s rows.</summary>
    public static async Task<PortalDbContext> CreateForTenantAsync(
        this IDbContextFactory<PortalDbContext> factory, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.BindTenant(tenantId);
        return db;
    }

    /// <summary>
    /// A context that crosses tenants. Callers must have checked the caller is a platform operator and must
    /// record an audit entry for what they change; an architecture test keeps this call in the operator services.
    /// </summary>
    public static async Task<PortalDbContext> CreateCrossTenantAsync(
        this IDbContextFactory<PortalDbContext> factory, CancellationToken cancellationToken = default)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AllowCrossTenant();
        return db;
    }
}
