namespace Portal.UnitTests.Infrastructure;

/// <summary>Reading rows as one company sees them, with a fresh context for each read.</summary>
public static class TenantReads
{
    public static async Task<T> ReadAsync<T>(this IDbContextFactory<PortalDbContext> factory, Guid tenantId, Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await factory.CreateForTenantAsync(tenantId);
        return await read(db);
    }
}
