namespace Portal.Features.Printers;

/// <summary>
/// When a second company authorizes a printer another company holds through the same app, the platform rotates the
/// printer's token pair: the holder's stored pair stops working within 2 hours and the new pair is the live one. This
/// system path puts the new pair on the holding company's row (so its printer keeps working) and tells that company in
/// its timeline and audit log, without naming the other company. Nothing of the holder is returned to the caller.
/// </summary>
public sealed class PrinterGrantHandover(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterTokenKeeper keeper,
    AuditLog audit)
{
    private static readonly string Detail = AuditDetail.Of("authorized again from another company's 易联云 account; the platform's new tokens were kept for this company");

    /// <summary>True when a company holds the printer under this app and now carries the new pair.</summary>
    public async Task<bool> HandOverAsync(Guid appId, AccessTokenGrant grant, CancellationToken cancellationToken = default)
    {
        // A refresh may move the row's Version between the read and the write: read again and retry.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            var holder = await db.Printers.SingleOrDefaultAsync(p => p.AppId == appId && p.MachineCode == grant.MachineCode
                                                                      && p.TokenState != PrinterTokenState.Revoked, cancellationToken);
            if (holder is null)
            {
                return false;
            }

            keeper.ApplyGrant(holder, grant);
            keeper.AddEvent(db, holder, PrinterTokenEventKind.Reauthorized, null, Detail);
            audit.Record(db, holder.TenantId, null, "printer.reauthorized", PrinterTokenKeeper.AuditTarget(holder.Name, holder.MachineCode), Detail);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
            }
        }

        return false;
    }
}
