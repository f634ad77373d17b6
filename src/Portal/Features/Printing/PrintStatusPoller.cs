using Portal.Features.Printers;

namespace Portal.Features.Printing;

public sealed record PollSweepResult(int Polled, int Moved, int Resent, int Failed, int Expired = 0);

/// <summary>
/// The fallback for pushes that never came, and the re-sender for answers that were lost. Each sweep (bounded by
/// <see cref="PrintingSettings.BatchSize"/>):
/// <list type="bullet">
/// <item>Sent jobs without a finish for <see cref="PrintingSettings.PollAfter"/> get one <c>getorderstatus</c> call
/// (again after <see cref="PrintingSettings.RepollAfter"/> while unprinted); a printed or cancelled answer moves the
/// job through <see cref="PrintJobTracker"/> (source "poll").</item>
/// <item>Queued jobs older than <see cref="PrintingSettings.ResendAfter"/> (their answer was lost, or the submitter
/// went away) are sent again with their own origin id, only inside the platform's 2-hour idempotence window; past
/// it they end Failed through <see cref="StaleJobExpiry"/>.</item>
/// </list>
/// A job is claimed by a compare-and-set on <see cref="PrintJob.LastPolledAt"/> before the call, so two instances
/// never ask about (or re-send) the same job in one round. The system acts for every company here, reading only ids.
/// </summary>
public sealed class PrintStatusPoller(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintJobTracker tracker,
    StaleJobExpiry expiry,
    IOptions<PrintingSettings> settings,
    TimeProvider timeProvider,
    ILogger<PrintStatusPoller> logger) : BackgroundService
{
    private sealed record Candidate(Guid Id, Guid TenantId, Guid PrinterId, Guid AppId, string OriginId, long? PlatformOrderId, DateTimeOffset? LastPolledAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Value.SweepInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var result = await SweepOnceAsync(stoppingToken);
                if (result.Polled + result.Resent + result.Expired > 0)
                {
                    logger.LogInformation("Print status sweep: {Polled} polled, {Moved} moved, {Resent} re-sent, {Failed} failed, {Expired} given up",
                        result.Polled, result.Moved, result.Resent, result.Failed, result.Expired);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Print status sweep failed; retrying at the next interval");
            }
        }
    }

    /// <summary>One pass. Public so tests drive it with a fake clock.</summary>
    public async Task<PollSweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var options = settings.Value;
        var now = timeProvider.GetUtcNow();
        List<Candidate> overdue;
        List<Candidate> unsent;
        List<Candidate> stale;
        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            var sentBefore = now - options.PollAfter;
            var stopBefore = now - options.StopPollingAfter;
            var polledBefore = now - options.RepollAfter;
            // A Sent job without an order id (the platform's was held by another job) is settled by its push only.
            overdue = await db.PrintJobs.AsNoTracking()
                .Where(j => j.State == PrintJobState.Sent && j.PlatformOrderId != null && j.SentAt <= sentBefore && j.SentAt > stopBefore
                            && (j.LastPolledAt == null || j.LastPolledAt <= polledBefore))
                .OrderBy(j => j.SentAt).Take(options.BatchSize)
                .Select(j => new Candidate(j.Id, j.TenantId, j.PrinterId, j.AppId, j.OriginId, j.PlatformOrderId, j.LastPolledAt))
                .ToListAsync(cancellationToken);
            var createdBefore = now - options.ResendAfter;
            var windowStart = now - PrintJobSender.SafeResendWindow;
            unsent = await db.PrintJobs.AsNoTracking()
                .Where(j => j.State == PrintJobState.Queued && j.CreatedAt <= createdBefore && j.CreatedAt > windowStart
                            && (j.LastPolledAt == null || j.LastPolledAt <= createdBefore))
                .OrderBy(j => j.CreatedAt).Take(Math.Max(0, options.BatchSize - overdue.Count))
                .Select(j => new Candidate(j.Id, j.TenantId, j.PrinterId, j.AppId, j.OriginId, j.PlatformOrderId, j.LastPolledAt))
                .ToListAsync(cancellationToken);
            stale = await db.PrintJobs.AsNoTracking()
                .Where(j => j.State == PrintJobState.Queued && j.CreatedAt <= windowStart)
                .OrderBy(j => j.CreatedAt).Take(options.BatchSize)
                .Select(j => new Candidate(j.Id, j.TenantId, j.PrinterId, j.AppId, j.OriginId, j.PlatformOrderId, j.LastPolledAt))
                .ToListAsync(cancellationToken);
        }

        var expired = 0;
        foreach (var job in stale)
        {
            if (await expiry.ExpireAsync(job.TenantId, job.Id, cancellationToken))
            {
                expired++;
            }
        }

        int polled = 0, moved = 0, resent = 0, failed = 0;
        await using var scope = scopes.CreateAsyncScope();
        var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
        var sender = scope.ServiceProvider.GetRequiredService<PrintJobSender>();
        await Parallel.ForEachAsync(overdue.Concat(unsent), new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
            async (job, token) =>
            {
                if (!await ClaimAsync(job, now, token))
                {
                    return;
                }

                try
                {
                    if (job.PlatformOrderId is { } orderId)
                    {
                        Interlocked.Increment(ref polled);
                        if (await PollAsync(keeper, job, orderId, token))
                        {
                            Interlocked.Increment(ref moved);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref resent);
                        if (await sender.SendAsync(job.TenantId, job.Id, null, token) is { Outcome: SendOutcome.Sent or SendOutcome.Refused })
                        {
                            Interlocked.Increment(ref moved);
                        }
                    }
                }
                catch (Exception e) when (e is YilianyunException or InvalidOperationException)
                {
                    // The printer lost its tokens or the platform refused the question: try again next round.
                    Interlocked.Increment(ref failed);
                    logger.LogInformation("Polling job {JobId} failed: {Reason}", job.Id, e is YilianyunException y ? PrinterMessages.ForEvent(y) : e.Message);
                }
            });
        return new PollSweepResult(polled, moved, resent, failed, expired);
    }

    /// <summary>Stamps LastPolledAt on the value read; only the instance whose stamp lands goes on.</summary>
    private async Task<bool> ClaimAsync(Candidate job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken);
        return await db.PrintJobs.Where(j => j.Id == job.Id && j.LastPolledAt == job.LastPolledAt)
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.LastPolledAt, now), cancellationToken) == 1;
    }

    private async Task<bool> PollAsync(PrinterTokenKeeper keeper, Candidate job, long orderId, CancellationToken cancellationToken)
    {
        string machineCode;
        await using (var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken))
        {
            machineCode = await db.Printers.Where(p => p.Id == job.PrinterId).Select(p => p.MachineCode).SingleAsync(cancellationToken);
        }

        var status = await keeper.CallAsync(job.TenantId, job.PrinterId, (client, token) => client.GetOrderStatusAsync(token, machineCode, orderId, cancellationToken), cancellationToken);
        if (status.State != PrintOrderState.NotPrinted)
        {
            // The answer's own origin id says whose order this is, which need not be the job that asked.
            var report = new JobReport(job.AppId, machineCode, orderId, string.IsNullOrEmpty(status.OriginId) ? null : status.OriginId);
            var result = status.State == PrintOrderState.Printed
                ? await tracker.ApplyFinishAsync(report, printed: true, JobUpdateSource.Poll, cancellationToken)
                : await tracker.ApplyCancelledAsync(report, JobUpdateSource.Poll, cancellationToken);
            return result.Changed;
        }

        await using (var db = await dbFactory.CreateForTenantAsync(job.TenantId, cancellationToken))
        {
            db.PrintJobEvents.Add(PrintJobEvent.Of(job.TenantId, job.Id, PrintJobEventKind.Polled, timeProvider.GetUtcNow(), null,
                AuditDetail.Of("poll: order {0} not printed yet", AuditDetail.Number(orderId))));
            await db.SaveChangesAsync(cancellationToken);
        }

        return false;
    }
}
