using Portal.Features.Webhooks;

namespace Portal.Features.Printing;

/// <summary>
/// Applies what the platform reports about a job — a push (oauth_finish, oauth_getOrder) or a poll — to the job row.
/// A report names the app, the machine and the platform's order id, and mostly the portal's origin id, never the
/// company, so the job is looked up across companies by those keys; everything after that happens in the job's own
/// company. The origin id is the portal's own key, so it decides which job a report is about; the order id is only
/// cross-checked, because the platform has been seen to hand a used order id to a later job. A job moves only forward
/// (Queued/Sent → Printed/Failed/Cancelled), with a compare-and-set on its Version, so a duplicate push, or a push
/// racing a poll, changes it once.
/// </summary>
public sealed class PrintJobTracker(
    IDbContextFactory<PortalDbContext> dbFactory,
    PlatformOrderIds orderIds,
    LiveChanges changes,
    WebhookEvents webhooks,
    TimeProvider timeProvider,
    ILogger<PrintJobTracker> logger)
{
    private sealed record Found(Guid Id, Guid TenantId, Guid PrinterId, PrintJobState State, long? PlatformOrderId, Guid Version, bool OrderIdTaken);

    /// <summary>A job finished: <paramref name="printed"/> true moves it to Printed, false to Failed. <paramref name="source"/> says who reported it.</summary>
    public Task<JobTrackResult> ApplyFinishAsync(JobReport report, bool printed, JobUpdateSource source, CancellationToken cancellationToken) =>
        MoveAsync(report, printed ? PrintJobState.Printed : PrintJobState.Failed, source, cancellationToken);

    /// <summary>The platform reports the job cancelled (a poll's status 2, or a cancel made outside the portal).</summary>
    public Task<JobTrackResult> ApplyCancelledAsync(JobReport report, JobUpdateSource source, CancellationToken cancellationToken) =>
        MoveAsync(report, PrintJobState.Cancelled, source, cancellationToken);

    /// <summary>The merchant pressed accept or reject for an order on the printer (oauth_getOrder): recorded in the job's history.</summary>
    public async Task<JobTrackResult> ApplyOrderDecisionAsync(JobReport report, bool accepted, CancellationToken cancellationToken)
    {
        var job = await FindAsync(report, cancellationToken);
        if (job is null)
        {
            return new JobTrackResult(false, false, null, null, null, $"no job with order {report.OrderId}");
        }

        if (Mismatch(job, report) is { } mismatch)
        {
            return await RecordMismatchAsync(job, report, JobUpdateSource.Push, mismatch, cancellationToken);
        }

        await using (var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken))
        {
            db.PrintJobEvents.Add(Event(job, accepted ? PrintJobEventKind.OrderAccepted : PrintJobEventKind.OrderRejected, AuditDetail.Of("push: order {0}", AuditDetail.Number(report.OrderId))));
            await db.SaveChangesAsync(cancellationToken);
        }

        Publish(job);
        return new JobTrackResult(true, true, job.TenantId, job.PrinterId, job.Id, accepted ? "order accepted" : "order rejected");
    }

    private async Task<JobTrackResult> MoveAsync(JobReport report, PrintJobState target, JobUpdateSource source, CancellationToken cancellationToken)
    {
        // Two tries: a lost compare-and-set means someone else moved the job; the second read shows where it went.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var job = await FindAsync(report, cancellationToken);
            if (job is null)
            {
                return new JobTrackResult(false, false, null, null, null, $"no job with order {report.OrderId}");
            }

            if (Mismatch(job, report) is { } mismatch)
            {
                return await RecordMismatchAsync(job, report, source, mismatch, cancellationToken);
            }

            if (job.State is PrintJobState.Printed or PrintJobState.Failed or PrintJobState.Cancelled)
            {
                return new JobTrackResult(true, false, job.TenantId, job.PrinterId, job.Id, $"already {job.State}");
            }

            var now = timeProvider.GetUtcNow();
            // An order id another job holds is not copied onto this one: the index keeps one job per order id.
            long? orderId = job.OrderIdTaken ? null : report.OrderId;
            await using var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken);
            // One commit for the move, its history entry and its webhook deliveries.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var reason = target == PrintJobState.Failed ? AuditDetail.Of("The platform reported the job as not printed ({0}).", SourceWord(source)) : null;
            var moved = await db.PrintJobs.Where(j => j.Id == job.Id && j.Version == job.Version)
                .ExecuteUpdateAsync(j => j
                    .SetProperty(x => x.State, target)
                    .SetProperty(x => x.PlatformOrderId, x => x.PlatformOrderId ?? orderId)
                    .SetProperty(x => x.SentAt, x => x.SentAt ?? now)
                    .SetProperty(x => x.FinishedAt, now)
                    .SetProperty(x => x.FailureReason, x => reason ?? x.FailureReason)
                    .SetProperty(x => x.Version, Guid.NewGuid()), cancellationToken);
            if (moved == 0)
            {
                continue;
            }

            var kind = target switch
            {
                PrintJobState.Printed => PrintJobEventKind.Printed,
                PrintJobState.Failed => PrintJobEventKind.Failed,
                _ => PrintJobEventKind.Cancelled,
            };
            db.PrintJobEvents.Add(Event(job, kind, AuditDetail.Of("{0}: order {1}", SourceWord(source), AuditDetail.Number(report.OrderId))));
            if (target is PrintJobState.Printed or PrintJobState.Failed)
            {
                await webhooks.JobFinishedAsync(db, job.TenantId, job.Id, job.PrinterId, target == PrintJobState.Printed,
                    string.IsNullOrEmpty(report.OriginId) ? null : report.OriginId, job.PlatformOrderId ?? orderId, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Publish(job);
            return new JobTrackResult(true, true, job.TenantId, job.PrinterId, job.Id, $"{job.State} → {target}");
        }

        return new JobTrackResult(true, false, null, null, null, "changed by another writer meanwhile");
    }

    /// <summary>
    /// The job of this app sent to the reported machine: by its origin id when the report carries one, else (an order
    /// decision, a poll answer without origin_id) by the order id.
    /// </summary>
    private async Task<Found?> FindAsync(JobReport report, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var jobs = db.PrintJobs.AsNoTracking()
            .Where(j => j.AppId == report.AppId && db.Printers.Any(p => p.Id == j.PrinterId && p.MachineCode == report.MachineCode));
        jobs = string.IsNullOrEmpty(report.OriginId)
            ? jobs.Where(j => j.PlatformOrderId == report.OrderId)
            : jobs.Where(j => j.OriginId == report.OriginId);
        var job = await jobs.Select(j => new Found(j.Id, j.TenantId, j.PrinterId, j.State, j.PlatformOrderId, j.Version, false))
            .FirstOrDefaultAsync(cancellationToken);
        return job is { PlatformOrderId: null }
            ? job with { OrderIdTaken = await orderIds.IsTakenAsync(report.AppId, report.OrderId, job.Id, cancellationToken) }
            : job;
    }

    /// <summary>Why the report cannot be about this job although its origin id says so, or null when the order ids agree.</summary>
    private static string? Mismatch(Found job, JobReport report) =>
        job.PlatformOrderId is { } stored && stored != report.OrderId
            ? $"order id mismatch: the job holds order {stored}, the report names order {report.OrderId}; the job was not moved"
            : null;

    /// <summary>Leaves the job as it is, and says so in its history and the log, so a person can look at the printer.</summary>
    private async Task<JobTrackResult> RecordMismatchAsync(Found job, JobReport report, JobUpdateSource source, string detail, CancellationToken cancellationToken)
    {
        logger.LogWarning("A {Source} for order {ReportedOrderId} names job {JobId}, which holds order {StoredOrderId}; the job was not moved",
            source, report.OrderId, job.Id, job.PlatformOrderId);
        await using (var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken))
        {
            db.PrintJobEvents.Add(Event(job, PrintJobEventKind.OrderIdMismatch, AuditDetail.Of("{0} named order {1}, but the job holds order {2}; not applied",
                SourceWord(source), AuditDetail.Number(report.OrderId), AuditDetail.Number(job.PlatformOrderId ?? 0))));
            await db.SaveChangesAsync(cancellationToken);
        }

        Publish(job);
        return new JobTrackResult(true, false, job.TenantId, job.PrinterId, job.Id, detail, Mismatch: true);
    }

    private static string SourceWord(JobUpdateSource source) => source switch
    {
        JobUpdateSource.Push => AuditDetail.Word("push"),
        JobUpdateSource.Poll => AuditDetail.Word("poll"),
        _ => AuditDetail.Word("cancel all found it printed"),
    };

    private PrintJobEvent Event(Found job, PrintJobEventKind kind, string detail) =>
        PrintJobEvent.Of(job.TenantId, job.Id, kind, timeProvider.GetUtcNow(), null, detail);

    private void Publish(Found job) => changes.Publish(new LiveChange(job.TenantId, job.Id, job.PrinterId, LiveChange.JobKind));
}

/// <summary>Who told the portal a job's outcome, as the job's history names it.</summary>
public enum JobUpdateSource
{
    Push,
    Poll,
    /// <summary>Cancel-all checked the job's status and found it already printed.</summary>
    CancelAll,
}
