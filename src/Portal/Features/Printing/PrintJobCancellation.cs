using Portal.Features.Printers;

namespace Portal.Features.Printing;

/// <summary>
/// Cancelling what has not printed: one job (<c>printer/cancelone</c>) or all of a printer's (<c>printer/cancelall</c>),
/// settling the company's open jobs by what the platform says. Any member of the company may cancel.
/// </summary>
public sealed class PrintJobCancellation(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintJobSender sender,
    PrinterTokenKeeper keeper,
    PrintJobTracker tracker,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrintJobCancellation> L)
{
    /// <summary>Cancels one job the platform holds and has not printed (<c>printer/cancelone</c>).</summary>
    public Task<ServiceResult> CancelAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null)
            {
                return ServiceResult.Fail(PrintJobTexts.JobNotFound(L));
            }

            if (job.State == PrintJobState.Queued)
            {
                return ServiceResult.Fail(L["This job has not reached the platform yet, so there is nothing to cancel there. Use \"Cancel all unprinted\" on its printer to be sure it never prints."]);
            }

            if (job.State != PrintJobState.Sent || job.PlatformOrderId is not { } orderId)
            {
                return ServiceResult.Fail(L["Only an unprinted job can be cancelled; this one is already {0}.", PrintJobTexts.StateName(L, job.State)]);
            }

            var printer = await db.Printers.AsNoTracking().Where(p => p.Id == job.PrinterId).Select(p => new { p.Name, p.MachineCode, p.TokenState }).SingleAsync(cancellationToken);
            if (PrintJobTexts.Unprintable(L, printer.TokenState, printer.Name) is { } refusal)
            {
                return ServiceResult.Fail(refusal);
            }

            try
            {
                await keeper.CallAsync(tenantId, job.PrinterId, async (client, token) =>
                {
                    await client.CancelOneAsync(token, printer.MachineCode, orderId, cancellationToken);
                    return true;
                }, cancellationToken);
            }
            catch (YilianyunException e)
            {
                sender.AddEvent(db, job, PrintJobEventKind.CancelFailed, caller.DisplayName, AuditDetail.Of("{0}", AuditDetail.PlatformError(e)));
                audit.Record(db, tenantId, caller, "print.cancelled", printer.Name, AuditDetail.Of("{0}: {1}", job.OriginId, AuditDetail.PlatformError(e)), succeeded: false);
                await db.SaveChangesAsync(CancellationToken.None);
                sender.Publish(job);
                return ServiceResult.Fail(e.Error.IsNothingToCancel
                    ? L["The platform has nothing to cancel: the job was printed or cancelled already. Its state updates when the platform reports it."]
                    : L["The platform could not cancel the job: {0}", PrinterMessages.Describe(e)]);
            }

            var now = timeProvider.GetUtcNow();
            await db.PrintJobs.Where(j => j.Id == jobId && j.State == PrintJobState.Sent)
                .ExecuteUpdateAsync(j => j
                    .SetProperty(x => x.State, PrintJobState.Cancelled)
                    .SetProperty(x => x.FinishedAt, now)
                    .SetProperty(x => x.Version, Guid.NewGuid()), CancellationToken.None);
            sender.AddEvent(db, job, PrintJobEventKind.Cancelled, caller.DisplayName, AuditDetail.Of("order {0}", AuditDetail.Number(orderId)));
            audit.Record(db, tenantId, caller, "print.cancelled", printer.Name, job.OriginId);
            await db.SaveChangesAsync(CancellationToken.None);
            sender.Publish(job);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>How many Sent jobs one cancel-all asks the platform about (newest first); the status poller settles the rest.</summary>
    public const int CancelAllStatusChecks = 50;

    /// <summary>
    /// Cancels every unprinted job on the printer (<c>printer/cancelall</c>), then settles the company's open jobs on
    /// it by what the platform says, because a job can have printed moments ago with its push still on the way:
    /// <list type="bullet">
    /// <item>Queued jobs (never accepted by the platform) become Cancelled.</item>
    /// <item>Sent jobs, the newest <see cref="CancelAllStatusChecks"/>, are looked up with <c>printer/getorderstatus</c>:
    /// printed → Printed (through <see cref="PrintJobTracker"/>, as a push would); not printed or cancelled → Cancelled
    /// (v1 answers 0 for both, and after a successful cancelall an unprinted order is a cancelled one).</item>
    /// <item>A Sent job whose status could not be read, or beyond that bound, stays Sent; the status poller settles it.</item>
    /// </list>
    /// </summary>
    /// <param name="progress">Told how many of the Sent jobs' statuses have been read, as each arrives.</param>
    public Task<ServiceResult<CancelAllOutcome>> CancelAllAsync(Guid printerId, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printer = await db.Printers.AsNoTracking().Where(p => p.Id == printerId).Select(p => new { p.Name, p.MachineCode, p.TokenState }).SingleOrDefaultAsync(cancellationToken);
            if (printer is null)
            {
                return ServiceResult<CancelAllOutcome>.Fail(PrintJobTexts.PrinterNotFound(L));
            }

            if (PrintJobTexts.Unprintable(L, printer.TokenState, printer.Name) is { } refusal)
            {
                return ServiceResult<CancelAllOutcome>.Fail(refusal);
            }

            try
            {
                await keeper.CallAsync(tenantId, printerId, async (client, token) =>
                {
                    await client.CancelAllAsync(token, printer.MachineCode, cancellationToken);
                    return true;
                }, cancellationToken);
            }
            catch (YilianyunException e)
            {
                audit.Record(db, tenantId, caller, "print.cancelled-all", printer.Name, AuditDetail.Of("the platform refused: {0}", AuditDetail.PlatformError(e)), succeeded: false);
                await db.SaveChangesAsync(CancellationToken.None);
                return ServiceResult<CancelAllOutcome>.Fail(L["The platform could not cancel the printer's jobs: {0}", PrinterMessages.Describe(e)]);
            }

            // The platform has cancelled; from here on the work finishes even if the caller goes away.
            var open = await db.PrintJobs.AsNoTracking()
                .Where(j => j.TenantId == tenantId && j.PrinterId == printerId && (j.State == PrintJobState.Queued || j.State == PrintJobState.Sent))
                .ToListAsync(CancellationToken.None);
            var sent = open.Where(j => j.State == PrintJobState.Sent).ToList();
            var asked = sent.Where(j => j.PlatformOrderId is not null).OrderByDescending(j => j.SentAt).Take(CancelAllStatusChecks).ToList();
            var statuses = await ReadStatusesAsync(tenantId, printerId, printer.MachineCode, asked, progress);

            var toCancel = open.Where(j => j.State == PrintJobState.Queued)
                .Concat(asked.Where(j => statuses.TryGetValue(j.Id, out var state) && state is PrintOrderState.NotPrinted or PrintOrderState.Cancelled))
                .ToList();
            var now = timeProvider.GetUtcNow();
            var cancelled = new List<PrintJob>();
            foreach (var job in toCancel)
            {
                // Per row, on the version read: a push that printed the job meanwhile wins.
                var moved = await db.PrintJobs.Where(j => j.Id == job.Id && j.Version == job.Version)
                    .ExecuteUpdateAsync(j => j
                        .SetProperty(x => x.State, PrintJobState.Cancelled)
                        .SetProperty(x => x.FinishedAt, now)
                        .SetProperty(x => x.Version, Guid.NewGuid()), CancellationToken.None);
                if (moved == 1)
                {
                    sender.AddEvent(db, job, PrintJobEventKind.Cancelled, caller.DisplayName, AuditDetail.Of("cancel all unprinted"));
                    cancelled.Add(job);
                }
            }

            var printed = asked.Where(j => statuses.TryGetValue(j.Id, out var state) && state == PrintOrderState.Printed).ToList();
            foreach (var job in printed)
            {
                // Applied as a push would be (a push that came meanwhile makes this a no-op): the job's history, the live
                // pages and the dashboard see the same thing.
                await tracker.ApplyFinishAsync(new JobReport(job.AppId, printer.MachineCode, job.PlatformOrderId!.Value, job.OriginId), printed: true,
                    JobUpdateSource.CancelAll, CancellationToken.None);
            }

            var outcome = new CancelAllOutcome(cancelled.Count, printed.Count, sent.Count - cancelled.Count(j => j.State == PrintJobState.Sent) - printed.Count);
            audit.Record(db, tenantId, caller, "print.cancelled-all", printer.Name,
                AuditDetail.Of("{0} cancelled, {1} already printed, {2} left to the status check", AuditDetail.Number(outcome.Cancelled), AuditDetail.Number(outcome.AlreadyPrinted),
                    AuditDetail.Number(outcome.LeftToStatusCheck)));
            await db.SaveChangesAsync(CancellationToken.None);
            cancelled.ForEach(sender.Publish);

            return ServiceResult<CancelAllOutcome>.Ok(outcome);
        }, cancellationToken);

    /// <summary>
    /// <c>printer/getorderstatus</c> for each job, four at a time. A job whose status could not be read (the platform
    /// refused the question, the printer lost its token) is left out of the answer.
    /// </summary>
    private async Task<Dictionary<Guid, PrintOrderState>> ReadStatusesAsync(Guid tenantId, Guid printerId, string machineCode, IReadOnlyList<PrintJob> jobs,
        IProgress<WorkProgress>? progress)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<Guid, PrintOrderState>();
        var read = 0;
        progress?.Report(new WorkProgress(0, jobs.Count));
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (job, token) =>
        {
            try
            {
                var status = await keeper.CallAsync(tenantId, printerId, (client, accessToken) => client.GetOrderStatusAsync(accessToken, machineCode, job.PlatformOrderId!.Value, token), token);
                statuses[job.Id] = status.State;
            }
            catch (Exception e) when (e is YilianyunException or InvalidOperationException)
            {
                // Unknown: the job keeps its state and the status poller asks again later.
            }

            progress?.Report(new WorkProgress(Interlocked.Increment(ref read), jobs.Count));
        });
        return new Dictionary<Guid, PrintOrderState>(statuses);
    }
}
