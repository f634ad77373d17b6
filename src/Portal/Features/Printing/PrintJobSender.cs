using Portal.Features.Printers;
using Portal.Features.Webhooks;

namespace Portal.Features.Printing;

/// <summary>What one call to print/index did to a stored job.</summary>
internal enum SendOutcome
{
    Sent,
    /// <summary>The platform refused the job; it is Failed with the reason.</summary>
    Refused,
    /// <summary>
    /// No usable answer came back (a timeout, an HTTP error, a refused or dropped connection, an unreadable answer); the
    /// job stays Queued and is sent again with the same origin id. The result's reason says which.
    /// </summary>
    AnswerLost,
    /// <summary>The job was no longer Queued when the answer came (a push, poll or cancel moved it); nothing was changed.</summary>
    AlreadyMoved,
}

internal sealed record SendResult(SendOutcome Outcome, long? OrderId, string? Reason);

/// <summary>
/// Sends a stored, Queued job to the platform and records the answer on the row: Sent with the order id, Failed with
/// the platform's reason, or still Queued when the answer was lost. The job's origin id travels with every attempt
/// and idempotence is on, so the platform returns the earlier job for a repeat instead of printing it twice.
/// Used by <see cref="PrintJobSubmitter"/> (submit, retry, reprint) and <see cref="PrintStatusPoller"/> (re-sends).
/// </summary>
public sealed class PrintJobSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterTokenKeeper keeper,
    PrintJobCommits commits,
    AuditLog audit,
    LiveChanges changes,
    PortalMetrics metrics,
    WebhookEvents webhooks,
    TimeProvider timeProvider,
    IStringLocalizer<PrintJobSender> L)
{
    /// <summary>The platform honours a repeated origin id for 2 hours; re-sends stop well inside that.</summary>
    public static readonly TimeSpan SafeResendWindow = TimeSpan.FromMinutes(105);

    /// <summary>What print/index receives: the copies as the platform's <c>&lt;MN&gt;</c> tag in front of the receipt.</summary>
    public static string PlatformContent(string content, int copies) => copies > 1 ? $"<MN>{copies}</MN>{content}" : content;

    /// <summary>Sends a stored job by id (retry, the poller's re-send); only a job still Queued goes out.</summary>
    internal async Task<SendResult> SendAsync(Guid tenantId, Guid jobId, Caller? actor, CancellationToken cancellationToken)
    {
        PrintJob job;
        Printer printer;
        await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
        {
            job = await db.PrintJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
            printer = await PrinterWithApp.GetAsync(db, job.PrinterId, cancellationToken);
        }

        return job.State == PrintJobState.Queued
            ? await SendAsync(job, printer, actor, cancellationToken)
            : new SendResult(SendOutcome.AlreadyMoved, job.PlatformOrderId, null);
    }

    /// <summary>Sends a job the caller has just stored (Queued) to <paramref name="printer"/>, read with its app.</summary>
    internal async Task<SendResult> SendAsync(PrintJob job, Printer printer, Caller? actor, CancellationToken cancellationToken)
    {
        var tenantId = job.TenantId;
        try
        {
            var printed = await keeper.CallAsync(printer, (client, token) => job.Kind == PrintJobKind.Picture
                ? client.PrintPictureAsync(token, new PrintPictureRequest(printer.MachineCode, job.Content, job.OriginId), cancellationToken)
                : client.PrintTextAsync(token, new PrintTextRequest(printer.MachineCode, PlatformContent(job.Content, job.Copies), job.OriginId), cancellationToken),
                cancellationToken);
            metrics.PrintSubmitted(job.Kind);
            // The platform holds the job now: record it even if the caller has gone away meanwhile.
            return await RecordSentAsync(tenantId, job, printed.Id);
        }
        catch (YilianyunException e) when (e.Error.Kind == YilianyunErrorKind.Platform)
        {
            metrics.PrintFailed(e.Error.Code);
            return await RecordRefusedAsync(tenantId, job, printer.Name, actor, e);
        }
        catch (Exception e) when (e is YilianyunException or TimeoutException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return await RecordAnswerLostAsync(tenantId, job, AuditDetail.PlatformError(e));
        }
    }

    private async Task<SendResult> RecordSentAsync(Guid tenantId, PrintJob job, long orderId)
    {
        // The platform has taken the job, so it stays Sent even when its order id is already another job's (the
        // platform has been seen to hand one out twice): failing it would invite a reprint of a receipt that prints.
        // The id stays with the other job; this one is settled by its push, found by origin id.
        // The row and its events in one commit, shared with the other submissions in flight (whose order ids the check
        // below sees).
        long? stored = null;
        var moved = await commits.CommitAsync(tenantId, async writes =>
        {
            var taken = await writes.IsOrderIdTakenAsync(job.AppId, orderId, job.Id);
            stored = taken ? null : orderId;
            if (!await writes.MarkSentAsync(job, stored, timeProvider.GetUtcNow()))
            {
                // A push (matched on the origin id) or a concurrent re-send got there first; keep what it wrote.
                if (stored is not null)
                {
                    await writes.Db.PrintJobs.Where(j => j.Id == job.Id && j.PlatformOrderId == null)
                        .ExecuteUpdateAsync(j => j.SetProperty(x => x.PlatformOrderId, stored));
                }

                return false;
            }

            await writes.AddAsync(NewEvent(job, PrintJobEventKind.Sent, null, AuditDetail.Of("order {0}", AuditDetail.Number(orderId))));
            if (taken)
            {
                await writes.AddAsync(NewEvent(job, PrintJobEventKind.OrderIdTaken, null, AuditDetail.Of(
                    "the platform gave order {0}, which another job already holds; this job keeps no order id and waits for the platform's report by its origin id",
                    AuditDetail.Number(orderId))));
            }

            return true;
        });
        if (!moved)
        {
            return new SendResult(SendOutcome.AlreadyMoved, stored, null);
        }

        Publish(job);
        return new SendResult(SendOutcome.Sent, orderId, null);
    }

    private async Task<SendResult> RecordRefusedAsync(Guid tenantId, PrintJob job, string printerName, Caller? actor, YilianyunException error)
    {
        // Stored as a detail, so each reader sees it in their own language.
        var reason = AuditDetail.Of("The platform refused the job: {0}", AuditDetail.PlatformError(error));
        await using var db = await dbFactory.CreateForTenantAsync(tenantId);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var moved = await db.PrintJobs.Where(j => j.Id == job.Id && j.State == PrintJobState.Queued)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.State, PrintJobState.Failed)
                .SetProperty(x => x.FailureReason, reason)
                .SetProperty(x => x.FinishedAt, timeProvider.GetUtcNow())
                .SetProperty(x => x.Version, Guid.NewGuid()));
        if (moved == 0)
        {
            return new SendResult(SendOutcome.AlreadyMoved, null, null);
        }

        AddEvent(db, job, PrintJobEventKind.Failed, null, AuditDetail.Of("{0}", AuditDetail.PlatformError(error)));
        await webhooks.JobFinishedAsync(db, tenantId, job.Id, job.PrinterId, printed: false, job.OriginId, null);
        audit.Record(db, tenantId, actor, "print.failed", printerName, AuditDetail.Of("{0}: {1}", job.OriginId, AuditDetail.PlatformError(error)), succeeded: false);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        Publish(job);
        return new SendResult(SendOutcome.Refused, null, AuditDetail.Describe(L, reason));
    }

    /// <param name="failure">What went wrong, as <see cref="AuditDetail.PlatformError"/> words it.</param>
    private async Task<SendResult> RecordAnswerLostAsync(Guid tenantId, PrintJob job, string failure)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId);
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Marks the attempt, so the poller waits its interval before sending again.
        await db.PrintJobs.Where(j => j.Id == job.Id && j.State == PrintJobState.Queued)
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.LastPolledAt, timeProvider.GetUtcNow()));
        AddEvent(db, job, PrintJobEventKind.SendFailed, null, AuditDetail.Of("{0}; it is sent again with the same origin id, which cannot print twice", failure));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        Publish(job);
        return new SendResult(SendOutcome.AnswerLost, null, AuditDetail.Describe(L, AuditDetail.Of("{0}", failure)));
    }

    internal void AddEvent(PortalDbContext db, PrintJob job, PrintJobEventKind kind, string? actorName, string? detail) =>
        db.PrintJobEvents.Add(NewEvent(job, kind, actorName, detail));

    /// <summary>An event of <paramref name="job"/>'s timeline, happening now.</summary>
    internal PrintJobEvent NewEvent(PrintJob job, PrintJobEventKind kind, string? actorName, string? detail) =>
        PrintJobEvent.Of(job.TenantId, job.Id, kind, timeProvider.GetUtcNow(), actorName, detail);

    internal void Publish(PrintJob job) => changes.Publish(new LiveChange(job.TenantId, job.Id, job.PrinterId, LiveChange.JobKind));
}
