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
        return await db.PrintJobs.AnyAsync(j => j.AppId == appId && j.PlatformOrderId == orderId && j.Id != exceptJobId, cancellationToken);
    }
}
