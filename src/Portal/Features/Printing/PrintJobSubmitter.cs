using Portal.Features.Printers;

namespace Portal.Features.Printing;

/// <summary>
/// Putting receipts on printers: a submission (one job per printer: the row first, then print/index with the row's
/// origin id), sending a queued job again, and reprinting a job as a new one. Any member of the company may print.
/// </summary>
public sealed class PrintJobSubmitter(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintJobSender sender,
    PrintJobCommits commits,
    StaleJobExpiry expiry,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrintJobSubmitter> L)
{
    public Task<ServiceResult<PrintSubmission>> SubmitAsync(PrintRequest request, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            if (PrintInputRules.FirstProblem(L, request) is { } problem)
            {
                return ServiceResult<PrintSubmission>.Fail(problem);
            }

            var items = new List<PrintSubmissionItem>();
            foreach (var printerId in request.PrinterIds.Distinct())
            {
                items.Add(await SubmitToPrinterAsync(caller, tenantId, printerId, request, cancellationToken));
            }

            return ServiceResult<PrintSubmission>.Ok(new PrintSubmission(items));
        }, cancellationToken);

    private async Task<PrintSubmissionItem> SubmitToPrinterAsync(Caller caller, Guid tenantId, Guid printerId, PrintRequest request, CancellationToken cancellationToken)
    {
        Printer printer;
        string? warning;
        await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
        {
            // Read once with its app: the token keeper sends with this row rather than reading it again.
            var found = await PrinterWithApp.FindAsync(db, printerId, cancellationToken);
            if (found is null)
            {
                return new PrintSubmissionItem(printerId, "", null, PrintJobState.Failed, PrintJobTexts.PrinterNotFound(L), false);
            }

            printer = found;
            if (PrintJobTexts.Unprintable(L, printer.TokenState, printer.Name) is { } refusal)
            {
                return new PrintSubmissionItem(printerId, printer.Name, null, PrintJobState.Failed, refusal, false);
            }

            warning = Availability(printer.OnlineState, printer.Name);
        }

        var content = request.Kind == PrintJobKind.Picture ? request.Content.Trim() : request.Content;
        var job = NewJob(caller, printer, OriginIdFor(tenantId, printerId, request.SubmissionKey), request.Kind, content, request.Copies);
        try
        {
            // Durable before the platform sees it, in a commit shared with the other submissions in flight.
            await commits.CommitAsync(tenantId, async writes =>
            {
                await writes.AddAsync(job);
                await writes.AddAsync(sender.NewEvent(job, PrintJobEventKind.Created, caller.DisplayName,
                    job.Copies > 1 ? AuditDetail.Of("{0} copies", AuditDetail.Number(job.Copies)) : null));
                await writes.AddAsync(audit.Entry(writes.Db, tenantId, caller, "print.submitted", printer.Name, job.OriginId));
                return true;
            });
        }
        catch (DbUpdateException) when (request.SubmissionKey is not null)
        {
            // The unique origin id turned away a repeat of this submission (a double click, a retried form):
            // the first request's job stands, and nothing is sent again.
            await using var again = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            if (await ExistingAsync(again, printer.AppId, job.OriginId, cancellationToken) is not { } earlier)
            {
                throw;
            }

            return earlier with { PrinterName = printer.Name };
        }

        sender.Publish(job);
        return Describe(printerId, printer.Name, job.Id, await sender.SendAsync(job, printer, caller, cancellationToken), warning);
    }

    /// <summary>A new Queued job for <paramref name="printer"/>, created by the caller now.</summary>
    private PrintJob NewJob(Caller caller, Printer printer, string originId, PrintJobKind kind, string content, int copies) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = printer.TenantId,
        PrinterId = printer.Id,
        AppId = printer.AppId,
        OriginId = originId,
        Kind = kind,
        Content = content,
        Copies = copies,
        State = PrintJobState.Queued,
        CreatedByUserId = caller.UserId,
        CreatedByName = caller.DisplayName,
        CreatedAt = timeProvider.GetUtcNow(),
        Version = Guid.NewGuid(),
    };

    private PrintSubmissionItem Describe(Guid printerId, string name, Guid jobId, SendResult result, string? warning) => result.Outcome switch
    {
        SendOutcome.Sent => new PrintSubmissionItem(printerId, name, jobId, PrintJobState.Sent, warning, warning is not null),
        SendOutcome.Refused => new PrintSubmissionItem(printerId, name, jobId, PrintJobState.Failed, result.Reason, false),
        SendOutcome.AnswerLost => new PrintSubmissionItem(printerId, name, jobId, PrintJobState.Queued, PrintJobTexts.AnswerLost(L, name, result.Reason), true),
        _ => new PrintSubmissionItem(printerId, name, jobId, result.OrderId is null ? PrintJobState.Queued : PrintJobState.Sent, warning, warning is not null),
    };

    private async Task<PrintSubmissionItem?> ExistingAsync(PortalDbContext db, Guid appId, string originId, CancellationToken cancellationToken)
    {
        var job = await db.PrintJobs.AsNoTracking().Where(j => j.AppId == appId && j.OriginId == originId)
            .Select(j => new { j.Id, j.PrinterId, j.State, j.FailureReason })
            .SingleOrDefaultAsync(cancellationToken);
        return job is null
            ? null
            : new PrintSubmissionItem(job.PrinterId, "", job.Id, job.State,
                job.State == PrintJobState.Failed ? AuditDetail.Describe(L, job.FailureReason) : L["This receipt was already submitted; it was not sent again."], job.State != PrintJobState.Failed);
    }

    /// <summary>
    /// The platform's idempotency key for one printer's job: with a submission key, derived from company, key and
    /// printer (so a repeat of the same form state finds the same job); otherwise random. 32 hex digits either way.
    /// </summary>
    internal static string OriginIdFor(Guid tenantId, Guid printerId, string? submissionKey)
    {
        if (string.IsNullOrEmpty(submissionKey))
        {
            return Guid.NewGuid().ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId:N}|{printerId:N}|{submissionKey}"));
        return Convert.ToHexStringLower(hash)[..32];
    }

    /// <summary>Sends a Queued job again with its own origin id, inside the platform's 2-hour idempotence window.</summary>
    public Task<ServiceResult<Guid>> RetryAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            string name;
            await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
            {
                var job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
                if (job is null)
                {
                    return ServiceResult<Guid>.Fail(PrintJobTexts.JobNotFound(L));
                }

                if (job.State != PrintJobState.Queued)
                {
                    return ServiceResult<Guid>.Fail(L["Only a queued job can be sent again; this one is already {0}.", PrintJobTexts.StateName(L, job.State)]);
                }

                if (expiry.IsStale(job.CreatedAt))
                {
                    await expiry.ExpireAsync(tenantId, job.Id, cancellationToken);
                    return ServiceResult<Guid>.Fail(L["This job is too old to send again safely (the platform recognises a repeat for 2 hours only), so it is now marked failed. Reprint it as a new job if it did not print."]);
                }

                var printer = await db.Printers.AsNoTracking().Where(p => p.Id == job.PrinterId).Select(p => new { p.Name, p.TokenState }).SingleAsync(cancellationToken);
                name = printer.Name;
                if (PrintJobTexts.Unprintable(L, printer.TokenState, name) is { } refusal)
                {
                    return ServiceResult<Guid>.Fail(refusal);
                }

                sender.AddEvent(db, job, PrintJobEventKind.Retried, caller.DisplayName, AuditDetail.Of("sent again with the same origin id"));
                await db.SaveChangesAsync(cancellationToken);
            }

            var result = await sender.SendAsync(tenantId, jobId, caller, cancellationToken);
            return result.Outcome switch
            {
                SendOutcome.Refused => ServiceResult<Guid>.Fail(result.Reason!),
                SendOutcome.AnswerLost => ServiceResult<Guid>.Fail(PrintJobTexts.AnswerLost(L, name, result.Reason)),
                _ => ServiceResult<Guid>.Ok(jobId),
            };
        }, cancellationToken);

    /// <summary>Prints a job again as a new job (new origin id, <see cref="PrintJob.ReprintOfId"/> set).</summary>
    public Task<ServiceResult<PrintSubmissionItem>> ReprintAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            PrintJob copy;
            Printer printer;
            string? warning;
            await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
            {
                var original = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
                if (original is null)
                {
                    return ServiceResult<PrintSubmissionItem>.Fail(PrintJobTexts.JobNotFound(L));
                }

                if (original.State == PrintJobState.Queued)
                {
                    return ServiceResult<PrintSubmissionItem>.Fail(L["This job is still queued; send it again instead of reprinting, so it cannot print twice."]);
                }

                printer = await PrinterWithApp.GetAsync(db, original.PrinterId, cancellationToken);
                if (PrintJobTexts.Unprintable(L, printer.TokenState, printer.Name) is { } refusal)
                {
                    return ServiceResult<PrintSubmissionItem>.Fail(refusal);
                }

                warning = Availability(printer.OnlineState, printer.Name);
                copy = NewJob(caller, printer, OriginIdFor(tenantId, printer.Id, null), original.Kind, original.Content, original.Copies);
                copy.ReprintOfId = original.Id;
                db.PrintJobs.Add(copy);
                sender.AddEvent(db, copy, PrintJobEventKind.Created, caller.DisplayName, AuditDetail.Of("reprint of {0}", original.OriginId));
                sender.AddEvent(db, original, PrintJobEventKind.Reprinted, caller.DisplayName, copy.OriginId);
                audit.Record(db, tenantId, caller, "print.reprinted", printer.Name, $"{original.OriginId} → {copy.OriginId}");
                await db.SaveChangesAsync(cancellationToken);
                sender.Publish(copy);
            }

            var sent = await sender.SendAsync(copy, printer, caller, cancellationToken);
            return ServiceResult<PrintSubmissionItem>.Ok(Describe(printer.Id, printer.Name, copy.Id, sent, warning));
        }, cancellationToken);

    /// <summary>The platform queues jobs for an offline or paperless printer, so those print later: a warning, not a refusal.</summary>
    private string? Availability(PrinterOnlineState state, string name) => state switch
    {
        PrinterOnlineState.Offline => L["{0} was offline when last checked. The job is queued on the platform and prints when the printer is back online.", name].Value,
        PrinterOnlineState.OutOfPaper => L["{0} was out of paper when last checked. The job is queued on the platform and prints once paper is loaded.", name].Value,
        _ => null,
    };
}
