namespace Portal.Features.Printing;

/// <summary>
/// Whether a platform order id is already another job's. The platform numbers orders per app, and an app serves many
/// companies, so the check looks across companies; it answers yes or no only, never which job or company.
/// </summary>
public sealed class PlatformOrderIds(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<bool> IsTakenAsync(Guid appId, long orderId, Guid exceptJobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        return await IsTakenAsync(db, appId, orderId, exceptJobId, cancellationToken);
    }

    /// <summary>The same check on a context the caller already holds (a commit of the print path), whatever company it is bound to.</summary>
    public static Task<bool> IsTakenAsync(PortalDbContext db, Guid appId, long orderId, Guid exceptJobId, CancellationToken cancellationToken = default) =>
        db.PrintJobs.IgnoreQueryFilters([PortalDbContext.TenantFilter])
            .AnyAsync(j => j.AppId == appId && j.PlatformOrderId == orderId && j.Id != exceptJobId, cancellationToken);
}
