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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var check = Check(db);
        return await IsTakenAsync(check, appId, orderId, exceptJobId, cancellationToken);
    }

    /// <summary>The check as a statement on a context the caller holds in a transaction (a commit of the print path), whatever company it is bound to.</summary>
    internal static ModelStatement<PrintJob> Check(PortalDbContext db) =>
        ModelStatement<PrintJob>.Exists(db, [nameof(PrintJob.AppId), nameof(PrintJob.PlatformOrderId)], [nameof(PrintJob.Id)]);

    internal static Task<bool> IsTakenAsync(ModelStatement<PrintJob> check, Guid appId, long orderId, Guid exceptJobId, CancellationToken cancellationToken = default) =>
        check.AnyAsync(cancellationToken, appId, orderId, exceptJobId);
}
