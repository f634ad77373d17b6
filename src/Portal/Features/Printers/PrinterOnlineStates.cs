using Portal.Features.Webhooks;

namespace Portal.Features.Printers;

/// <summary>
/// The one way a printer's online state is written (a status push, a diagnosis, reading its details): a printer that
/// turns Offline raises <c>printer.offline</c> in the same transaction, once per change, however many reports say so.
/// </summary>
public sealed class PrinterOnlineStates(WebhookEvents webhooks)
{
    /// <summary>
    /// Stores <paramref name="state"/> as of <paramref name="at"/> on the printer; with <paramref name="skipIfOlder"/>, not
    /// over a state checked later than that (pushes arrive out of order). False when nothing was written.
    /// </summary>
    public async Task<bool> SetAsync(PortalDbContext db, Guid tenantId, Guid printerId, PrinterOnlineState state, DateTimeOffset at, bool skipIfOlder,
        CancellationToken cancellationToken = default)
    {
        var printers = db.Printers.Where(p => p.TenantId == tenantId && p.Id == printerId);
        if (skipIfOlder)
        {
            printers = printers.Where(p => p.OnlineCheckedAt == null || p.OnlineCheckedAt <= at);
        }

        if (state != PrinterOnlineState.Offline)
        {
            return await printers.ExecuteUpdateAsync(p => p.SetProperty(x => x.OnlineState, state).SetProperty(x => x.OnlineCheckedAt, at), cancellationToken) > 0;
        }

        // Offline: the conditional update that changes the state is the one that raises the event, so two reports
        // racing raise it once.
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var turned = await printers.Where(p => p.OnlineState != PrinterOnlineState.Offline)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.OnlineState, state).SetProperty(x => x.OnlineCheckedAt, at), cancellationToken);
            var written = turned > 0 || await printers.ExecuteUpdateAsync(p => p.SetProperty(x => x.OnlineCheckedAt, at), cancellationToken) > 0;
            if (turned > 0 && await webhooks.PrinterOfflineAsync(db, tenantId, printerId, cancellationToken) > 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
