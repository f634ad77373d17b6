namespace Portal.Features.Printing;

/// <summary>
/// Applies what the platform reports about a job — a push (oauth_finish, oauth_getOrder) or a poll — to the job row.
/// The report names the app and the platform's order id (or the portal's origin id), never the company, so the job is
/// looked up across companies by those keys; everything after that happens in the job's own company. A job moves
/// only forward (Queued/Sent → Printed/Failed/Cancelled), with a compare-and-set on its Version, so a duplicate push,
/// or a push racing a poll, changes it once. A push's body is not covered by its sign, so a push reaches only a job
/// sent to the machine it names, and a finish only the job whose origin id it carries.
/// </summary>
public sealed class PrintJobTracker(
    IDbContextFactory<PortalDbContext> dbFactory,
    LiveChanges changes,
    TimeProvider timeProvider)
{
    private sealed record Found(Guid Id, Guid TenantId, Guid PrinterId, PrintJobState State, long? PlatformOrderId, Guid Version);

    /// <summary>
    /// The keys a report names. <see cref="MachineCode"/>, when set, must be the job's printer's; with
    /// <see cref="OriginMustMatch"/> the job must carry <see cref="OriginId"/> even when found by its order id.
    /// </summary>
    private sealed record JobMatch(Guid AppId, long OrderId, string? OriginId, string? MachineCode = null, bool OriginMustMatch = false);

    /// <summary>A job finished: <paramref name="printed"/> true moves it to Printed, false to Failed. <paramref name="source"/> says who reported it.</summary>
    public Task<JobTrackResult> ApplyFinishAsync(Guid appId, long orderId, string originId, bool printed, JobUpdateSource source, CancellationToken cancellationToken) =>
        MoveAsync(new JobMatch(appId, orderId, originId), printed ? PrintJobState.Printed : PrintJobState.Failed, source, cancellationToken);

    /// <summary>An oauth_finish push: as <see cref="ApplyFinishAsync"/>, for the job sent to <paramref name="machineCode"/> with this origin id only.</summary>
    public Task<JobTrackResult> ApplyPushedFinishAsync(Guid appId, string machineCode, long orderId, string originId, bool printed,
        CancellationToken cancellationToken) =>
        MoveAsync(new JobMatch(appId, orderId, originId, machineCode, OriginMustMatch: true), printed ? PrintJobState.Printed : PrintJobState.Failed,
            JobUpdateSource.Push, cancellationToken);

    /// <summary>The platform reports the job cancelled (a poll's status 2, or a cancel made outside the portal).</summary>
    public Task<JobTrackResult> ApplyCancelledAsync(Guid appId, long orderId, string originId, JobUpdateSource source, CancellationToken cancellationToken) =>
        MoveAsync(new JobMatch(appId, orderId, originId), PrintJobState.Cancelled, source, cancellationToken);

    /// <summary>The merchant pressed accept or reject for an order on the printer (oauth_getOrder): recorded in the job's history.</summary>
    public async Task<JobTrackResult> ApplyOrderDecisionAsync(Guid appId, string machineCode, long orderId, bool accepted, CancellationToken cancellationToken)
    {
        var job = await FindAsync(new JobMatch(appId, orderId, null, machineCode), cancellationToken);
        if (job is null)
        {
            return new JobTrackResult(false, false, null, null, null, $"no job with order {orderId}");
        }

        await using (var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken))
        {
            db.PrintJobEvents.Add(Event(job, accepted ? PrintJobEventKind.OrderAccepted : PrintJobEventKind.OrderRejected, AuditDetail.Of("push: order {0}", AuditDetail.Number(orderId))));
            await db.SaveChangesAsync(cancellationToken);
        }

        Publish(job);
        return new JobTrackResult(true, true, job.TenantId, job.PrinterId, job.Id, accepted ? "order accepted" : "order rejected");
    }

    private async Task<JobTrackResult> MoveAsync(JobMatch match, PrintJobState target, JobUpdateSource source, CancellationToken cancellationToken)
    {
        // Two tries: a lost compare-and-set means someone else moved the job; the second read shows where it went.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var job = await FindAsync(match, cancellationToken);
            if (job is null)
            {
                return new JobTrackResult(false, false, null, null, null, $"no job with order {match.OrderId}");
            }

            if (job.State is PrintJobState.Printed or PrintJobState.Failed or PrintJobState.Cancelled)
            {
                return new JobTrackResult(true, false, job.TenantId, job.PrinterId, job.Id, $"already {job.State}");
            }

            var now = timeProvider.GetUtcNow();
            await using var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken);
            var reason = target == PrintJobState.Failed ? AuditDetail.Of("The platform reported the job as not printed ({0}).", SourceWord(source)) : null;
            var moved = await db.PrintJobs.Where(j => j.Id == job.Id && j.Version == job.Version)
                .ExecuteUpdateAsync(j => j
                    .SetProperty(x => x.State, target)
                    .SetProperty(x => x.PlatformOrderId, x => x.PlatformOrderId ?? match.OrderId)
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
            db.PrintJobEvents.Add(Event(job, kind, AuditDetail.Of("{0}: order {1}", SourceWord(source), AuditDetail.Number(match.OrderId))));
            await db.SaveChangesAsync(cancellationToken);
            Publish(job);
            return new JobTrackResult(true, true, job.TenantId, job.PrinterId, job.Id, $"{job.State} → {target}");
        }

        return new JobTrackResult(true, false, null, null, null, "changed by another writer meanwhile");
    }

    /// <summary>The job by the app's order id, or else by its origin id while its order id is unknown (a push can beat the answer that carried it).</summary>
    private async Task<Found?> FindAsync(JobMatch match, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var jobs = db.PrintJobs.AsNoTracking().Where(j => j.AppId == match.AppId);
        if (match.MachineCode is not null)
        {
            jobs = jobs.Where(j => db.Printers.Any(p => p.Id == j.PrinterId && p.MachineCode == match.MachineCode));
        }

        if (match.OriginMustMatch)
        {
            jobs = jobs.Where(j => j.OriginId == match.OriginId);
        }

        var byOrder = await jobs.Where(j => j.PlatformOrderId == match.OrderId)
            .Select(j => new Found(j.Id, j.TenantId, j.PrinterId, j.State, j.PlatformOrderId, j.Version))
            .FirstOrDefaultAsync(cancellationToken);
        if (byOrder is not null || string.IsNullOrEmpty(match.OriginId))
        {
            return byOrder;
        }

        return await jobs.Where(j => j.OriginId == match.OriginId && j.PlatformOrderId == null)
            .Select(j => new Found(j.Id, j.TenantId, j.PrinterId, j.State, j.PlatformOrderId, j.Version))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static string SourceWord(JobUpdateSource source) => source switch
    {
        JobUpdateSource.Push => AuditDetail.Word("push"),
        JobUpdateSource.Poll => AuditDetail.Word("poll"),
        _ => AuditDetail.Word("cancel all found it printed"),
    };

    private PrintJobEvent Event(Found job, PrintJobEventKind kind, string detail) => new()
    {
        TenantId = job.TenantId,
        JobId = job.Id,
        At = timeProvider.GetUtcNow(),
        Kind = kind,
        Detail = detail,
    };

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
