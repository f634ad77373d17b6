using Portal.Features.Printers;

namespace Portal.Features.Printing;

/// <summary>
/// A tenant's print jobs: submitting (the row first, then print/index with the row's origin id), the history, one
/// job's page, retry, cancel, cancel-all, reprint and the CSV export. Any member of the company may print; every
/// method works inside the caller's current company only.
/// </summary>
public sealed class PrintJobService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintJobSender sender,
    PrinterTokenKeeper keeper,
    PrintJobTracker tracker,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrintJobService> L)
{
    /// <summary>The platform's limit on what print/index accepts (the copies tag included).</summary>
    public const int MaxContentLength = ReceiptLayoutEngine.MaxContentLength;

    public const int MaxPictureUrlLength = 2_000;

    public const int MaxCopies = 9;

    public const int MaxPrintersPerSubmission = 50;

    /// <summary>The history counts at most this many rows, so a page stays fast however many jobs there are.</summary>
    public const int CountCap = 10_000;

    /// <summary>The CSV export stops after this many rows.</summary>
    public const int ExportCap = 100_000;

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
        PrintJob job;
        Printer printer;
        string? warning;
        await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
        {
            // Read once with its app: the token keeper sends with this row rather than reading it again.
            var found = await db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefaultAsync(p => p.Id == printerId, cancellationToken);
            if (found is null)
            {
                return new PrintSubmissionItem(printerId, "", null, PrintJobState.Failed, PrinterNotFound, false);
            }

            printer = found;
            if (Unprintable(printer.TokenState, printer.Name) is { } refusal)
            {
                return new PrintSubmissionItem(printerId, printer.Name, null, PrintJobState.Failed, refusal, false);
            }

            warning = Availability(printer.OnlineState, printer.Name);
            var content = request.Kind == PrintJobKind.Picture ? request.Content.Trim() : request.Content;
            job = NewJob(caller, printer, OriginIdFor(tenantId, printerId, request.SubmissionKey), request.Kind, content, request.Copies);
            db.PrintJobs.Add(job);
            sender.AddEvent(db, job, PrintJobEventKind.Created, caller.DisplayName, job.Copies > 1 ? AuditDetail.Of("{0} copies", AuditDetail.Number(job.Copies)) : null);
            audit.Record(db, tenantId, caller, "print.submitted", printer.Name, job.OriginId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
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
        }

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
        SendOutcome.AnswerLost => new PrintSubmissionItem(printerId, name, jobId, PrintJobState.Queued, AnswerLost(name), true),
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

    /// <summary>The platform queues jobs for an offline or paperless printer, so those print later: a warning, not a refusal.</summary>
    private string? Availability(PrinterOnlineState state, string name) => state switch
    {
        PrinterOnlineState.Offline => L["{0} was offline when last checked. The job is queued on the platform and prints when the printer is back online.", name].Value,
        PrinterOnlineState.OutOfPaper => L["{0} was out of paper when last checked. The job is queued on the platform and prints once paper is loaded.", name].Value,
        _ => null,
    };

    private string? Unprintable(PrinterTokenState state, string name) => state switch
    {
        PrinterTokenState.Revoked => L["{0} was revoked and can no longer print. Connect it again first.", name].Value,
        PrinterTokenState.NeedsReauthorization => L["{0} must be re-authorized before it can print (the platform no longer accepts its tokens).", name].Value,
        _ => null,
    };

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
                    return ServiceResult<Guid>.Fail(JobNotFound);
                }

                if (job.State != PrintJobState.Queued)
                {
                    return ServiceResult<Guid>.Fail(L["Only a queued job can be sent again; this one is already {0}.", StateName(job.State)]);
                }

                if (timeProvider.GetUtcNow() - job.CreatedAt > PrintJobSender.SafeResendWindow)
                {
                    return ServiceResult<Guid>.Fail(L["This job is too old to send again safely (the platform recognises a repeat for 2 hours only). Reprint it instead."]);
                }

                var printer = await db.Printers.AsNoTracking().Where(p => p.Id == job.PrinterId).Select(p => new { p.Name, p.TokenState }).SingleAsync(cancellationToken);
                name = printer.Name;
                if (Unprintable(printer.TokenState, name) is { } refusal)
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
                SendOutcome.AnswerLost => ServiceResult<Guid>.Fail(AnswerLost(name)),
                _ => ServiceResult<Guid>.Ok(jobId),
            };
        }, cancellationToken);

    public Task<ServiceResult<PrintJobPage>> ListAsync(PrintJobQuery query, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var jobs = Filter(db, tenantId, query);
            var total = await jobs.Take(CountCap + 1).CountAsync(cancellationToken);
            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(query.Page, 0);
            var rows = await Order(jobs, query).Skip(page * pageSize).Take(pageSize)
                .Select(j => new PrintJobRow(j.Id, j.CreatedAt, j.PrinterId,
                    db.Printers.Where(p => p.Id == j.PrinterId).Select(p => p.Name).FirstOrDefault() ?? "",
                    j.Kind, j.State, j.OriginId, j.PlatformOrderId, j.Copies, j.Content.Substring(0, 120), j.CreatedByName, j.FailureReason))
                .ToListAsync(cancellationToken);
            return ServiceResult<PrintJobPage>.Ok(new PrintJobPage(rows, Math.Min(total, CountCap), total > CountCap));
        }, cancellationToken);

    /// <summary>
    /// The filters on the (TenantId, …, CreatedAt) indexes: the explicit tenant predicate lets SQLite use them (the
    /// query filter alone reads "cross-tenant OR TenantId = @t").
    /// </summary>
    private static IQueryable<PrintJob> Filter(PortalDbContext db, Guid tenantId, PrintJobQuery query)
    {
        var jobs = db.PrintJobs.AsNoTracking().Where(j => j.TenantId == tenantId);
        if (query.PrinterId is { } printerId)
        {
            jobs = jobs.Where(j => j.PrinterId == printerId);
        }

        if (query.State is { } state)
        {
            jobs = jobs.Where(j => j.State == state);
        }

        if (query.From is { } from)
        {
            jobs = jobs.Where(j => j.CreatedAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            jobs = jobs.Where(j => j.CreatedAt < to.ToUniversalTime());
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var term = query.Text.Trim();
            jobs = long.TryParse(term, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId)
                ? jobs.Where(j => j.PlatformOrderId == orderId || j.OriginId == term || j.Content.Contains(term))
                : jobs.Where(j => j.OriginId == term || j.Content.Contains(term));
        }

        return jobs;
    }

    private static IQueryable<PrintJob> Order(IQueryable<PrintJob> jobs, PrintJobQuery query) => (query.Sort, query.Descending) switch
    {
        (PrintJobSort.State, false) => jobs.OrderBy(j => j.State).ThenByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id),
        (PrintJobSort.State, true) => jobs.OrderByDescending(j => j.State).ThenByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id),
        (_, false) => jobs.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id),
        _ => jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id),
    };

    public Task<ServiceResult<PrintJobDetail>> GetAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null)
            {
                return ServiceResult<PrintJobDetail>.Fail(JobNotFound);
            }

            var printer = await db.Printers.AsNoTracking().Where(p => p.Id == job.PrinterId)
                .Select(p => new { p.Name, p.MachineCode, p.PaperWidth }).SingleAsync(cancellationToken);
            var events = await db.PrintJobEvents.AsNoTracking().Where(e => e.TenantId == tenantId && e.JobId == jobId)
                .OrderBy(e => e.At).ThenBy(e => e.Id).Take(200)
                .Select(e => new PrintJobEventEntry(e.At, e.Kind, e.ActorName, e.Detail))
                .ToListAsync(cancellationToken);
            return ServiceResult<PrintJobDetail>.Ok(new PrintJobDetail(job.Id, job.PrinterId, printer.Name, printer.MachineCode, Paper(printer.PaperWidth),
                job.Kind, job.Content, job.Copies, job.State, job.OriginId, job.PlatformOrderId, job.FailureReason, job.ReprintOfId,
                job.CreatedByName, job.CreatedAt, job.SentAt, job.FinishedAt, job.LastPolledAt, events));
        }, cancellationToken);

    /// <summary>The printer's roll as printinfo reported it ("80" or "58"); 58 mm until it was read.</summary>
    public static PaperWidth Paper(string? printWidth) =>
        printWidth is not null && printWidth.Trim().StartsWith("80", StringComparison.Ordinal) ? PaperWidth.Mm80 : PaperWidth.Mm58;

    /// <summary>Cancels one job the platform holds and has not printed (<c>printer/cancelone</c>).</summary>
    public Task<ServiceResult> CancelAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null)
            {
                return ServiceResult.Fail(JobNotFound);
            }

            if (job.State == PrintJobState.Queued)
            {
                return ServiceResult.Fail(L["This job has not reached the platform yet, so there is nothing to cancel there. Use \"Cancel all unprinted\" on its printer to be sure it never prints."]);
            }

            if (job.State != PrintJobState.Sent || job.PlatformOrderId is not { } orderId)
            {
                return ServiceResult.Fail(L["Only an unprinted job can be cancelled; this one is already {0}.", StateName(job.State)]);
            }

            var printer = await db.Printers.AsNoTracking().Where(p => p.Id == job.PrinterId).Select(p => new { p.Name, p.MachineCode, p.TokenState }).SingleAsync(cancellationToken);
            if (Unprintable(printer.TokenState, printer.Name) is { } refusal)
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
    public Task<ServiceResult<CancelAllOutcome>> CancelAllAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printer = await db.Printers.AsNoTracking().Where(p => p.Id == printerId).Select(p => new { p.Name, p.MachineCode, p.TokenState }).SingleOrDefaultAsync(cancellationToken);
            if (printer is null)
            {
                return ServiceResult<CancelAllOutcome>.Fail(PrinterNotFound);
            }

            if (Unprintable(printer.TokenState, printer.Name) is { } refusal)
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
            var statuses = await ReadStatusesAsync(tenantId, printerId, printer.MachineCode, asked);

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
                await tracker.ApplyFinishAsync(job.AppId, job.PlatformOrderId!.Value, job.OriginId, printed: true, JobUpdateSource.CancelAll, CancellationToken.None);
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
    private async Task<Dictionary<Guid, PrintOrderState>> ReadStatusesAsync(Guid tenantId, Guid printerId, string machineCode, IReadOnlyList<PrintJob> jobs)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<Guid, PrintOrderState>();
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
        });
        return new Dictionary<Guid, PrintOrderState>(statuses);
    }

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
                    return ServiceResult<PrintSubmissionItem>.Fail(JobNotFound);
                }

                if (original.State == PrintJobState.Queued)
                {
                    return ServiceResult<PrintSubmissionItem>.Fail(L["This job is still queued; send it again instead of reprinting, so it cannot print twice."]);
                }

                printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleAsync(p => p.Id == original.PrinterId, cancellationToken);
                if (Unprintable(printer.TokenState, printer.Name) is { } refusal)
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

    /// <summary>
    /// Writes the jobs matching <paramref name="query"/> (paging ignored) as CSV, newest first, a batch at a time.
    /// Cells that a spreadsheet would run as a formula are prefixed with a quote. Returns false when the caller has no company.
    /// </summary>
    public async Task<bool> WriteCsvAsync(PrintJobQuery query, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId)
        {
            return false;
        }

        await writer.WriteLineAsync(string.Join(",", new[]
        {
            L["Created"], L["Printer"], L["Machine code"], L["Kind"], L["State"], L["Copies"], L["Origin id"], L["Platform order id"],
            L["Created by"], L["Sent"], L["Finished"], L["Reason"], L["Content"],
        }.Select(h => CsvCells.MinimalCell(h))));
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var printers = await db.Printers.AsNoTracking().Where(p => p.TenantId == tenantId)
            .Select(p => new { p.Id, p.Name, p.MachineCode }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var written = 0;
        foreach (var page in Enumerable.Range(0, ExportCap / 500))
        {
            var batch = await Order(Filter(db, tenantId, query), query).Skip(page * 500).Take(500).ToListAsync(cancellationToken);
            foreach (var job in batch)
            {
                var printer = printers.GetValueOrDefault(job.PrinterId);
                await writer.WriteLineAsync(string.Join(",", new[]
                {
                    Iso(job.CreatedAt), printer?.Name, printer?.MachineCode, job.Kind.ToString(), job.State.ToString(),
                    job.Copies.ToString(CultureInfo.InvariantCulture), job.OriginId, job.PlatformOrderId?.ToString(CultureInfo.InvariantCulture),
                    job.CreatedByName, Iso(job.SentAt), Iso(job.FinishedAt), AuditDetail.Describe(L, job.FailureReason), job.Content,
                }.Select(CsvCells.MinimalCell)));
            }

            written += batch.Count;
            if (batch.Count < 500 || written >= ExportCap)
            {
                break;
            }
        }

        return true;
    }

    private static string? Iso(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public string StateName(PrintJobState state) => state switch
    {
        PrintJobState.Queued => L["Queued"],
        PrintJobState.Sent => L["Sent"],
        PrintJobState.Printed => L["Printed"],
        PrintJobState.Failed => L["Failed"],
        _ => L["Cancelled"],
    };

    private string AnswerLost(string name) =>
        L["{0}: the platform did not answer in time. The job stays queued and is sent again automatically with the same order number, so it cannot print twice.", name];

    private string PrinterNotFound => L["That printer was not found."];

    private string JobNotFound => L["That print job was not found."];
}
