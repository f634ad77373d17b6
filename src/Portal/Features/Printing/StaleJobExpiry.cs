using Portal.Features.Webhooks;

namespace Portal.Features.Printing;

/// <summary>
/// Ends a job left Queued past <see cref="PrintJobSender.SafeResendWindow"/>: sent again after that, its origin id no
/// longer guards against a second print, so it turns Failed with the reason, and the person reprints it as a new job
/// if it did not print. Used by the status poller's sweep and by "Send again".
/// </summary>
public sealed class StaleJobExpiry(
    IDbContextFactory<PortalDbContext> dbFactory,
    LiveChanges changes,
    WebhookEvents webhooks,
    TimeProvider timeProvider)
{
    /// <summary>Whether a job created at <paramref name="createdAt"/> can no longer be sent safely.</summary>
    public bool IsStale(DateTimeOffset createdAt) => timeProvider.GetUtcNow() - createdAt > PrintJobSender.SafeResendWindow;

    /// <summary>Fails the job if it is still Queued; false when something else moved it first.</summary>
    internal async Task<bool> ExpireAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken)
    {
        var reason = AuditDetail.Of("It could not be sent within the platform's 2-hour repeat window, so it is not sent again automatically. If an earlier attempt reached the platform it may have printed: check the printer, then reprint it as a new job if needed.");
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var printerId = await db.PrintJobs.Where(j => j.Id == jobId && j.State == PrintJobState.Queued).Select(j => (Guid?)j.PrinterId).SingleOrDefaultAsync(cancellationToken);
        var moved = printerId is not null && await db.PrintJobs.Where(j => j.Id == jobId && j.State == PrintJobState.Queued)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.State, PrintJobState.Failed)
                .SetProperty(x => x.FailureReason, reason)
                .SetProperty(x => x.FinishedAt, now)
                .SetProperty(x => x.Version, Guid.NewGuid()), cancellationToken) == 1;
        if (!moved)
        {
            return false;
        }

        db.PrintJobEvents.Add(PrintJobEvent.Of(tenantId, jobId, PrintJobEventKind.Failed, now, null, reason));
        var originId = await db.PrintJobs.Where(j => j.Id == jobId).Select(j => j.OriginId).SingleAsync(cancellationToken);
        await webhooks.JobFinishedAsync(db, tenantId, jobId, printerId!.Value, printed: false, originId, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        changes.Publish(new LiveChange(tenantId, jobId, printerId, LiveChange.JobKind));
        return true;
    }
}
