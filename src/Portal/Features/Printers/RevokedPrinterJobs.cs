using Portal.Features.Webhooks;

namespace Portal.Features.Printers;

/// <summary>Closes the unprinted jobs of a printer being revoked, in the revocation's own save.</summary>
public sealed class RevokedPrinterJobs(WebhookEvents webhooks, TimeProvider timeProvider)
{
    /// <summary>
    /// Jobs that can no longer print through the portal: Queued ones were never sent and are cancelled; Sent ones
    /// are cancelled when the platform's cancelall went through, and otherwise failed with the reason (they may
    /// still come out of the printer, but no push will report it). The changes are added to <paramref name="db"/>
    /// unsaved; returns the closed jobs' ids.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> CloseAsync(PortalDbContext db, Guid tenantId, Guid printerId, Caller caller, bool cancelledUpstream,
        CancellationToken cancellationToken)
    {
        var jobs = await db.PrintJobs
            .Where(j => j.TenantId == tenantId && j.PrinterId == printerId && (j.State == PrintJobState.Queued || j.State == PrintJobState.Sent))
            .ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var job in jobs)
        {
            var cancel = job.State == PrintJobState.Queued || cancelledUpstream;
            var reason = job.State == PrintJobState.Queued ? AuditDetail.Of("printer access was revoked before the job was sent")
                : cancelledUpstream ? AuditDetail.Of("printer access was revoked; the platform cancelled the unprinted job")
                : AuditDetail.Of("printer access was revoked before the platform reported the outcome; it may still have printed");
            job.State = cancel ? PrintJobState.Cancelled : PrintJobState.Failed;
            job.FailureReason = cancel ? job.FailureReason : reason;
            job.FinishedAt = now;
            job.Version = Guid.NewGuid();
            db.PrintJobEvents.Add(PrintJobEvent.Of(tenantId, job.Id, cancel ? PrintJobEventKind.Cancelled : PrintJobEventKind.Failed, now, caller.DisplayName, reason));
            if (!cancel)
            {
                await webhooks.JobFinishedAsync(db, tenantId, job.Id, printerId, printed: false, job.OriginId, job.PlatformOrderId, cancellationToken);
            }
        }

        return jobs.Select(j => j.Id).ToList();
    }
}
