namespace Portal.Features.Printing;

/// <summary>A company's print history: the job list with its filters, one job's page, and the CSV export.</summary>
public sealed class PrintJobHistory(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    IStringLocalizer<PrintJobHistory> L)
{
    /// <summary>The history counts at most this many rows, so a page stays fast however many jobs there are.</summary>
    public const int CountCap = 10_000;

    /// <summary>The CSV export stops after this many rows.</summary>
    public const int ExportCap = 100_000;

    public Task<ServiceResult<CountedPage<PrintJobRow>>> ListAsync(PrintJobQuery query, CancellationToken cancellationToken = default) =>
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
            return ServiceResult<CountedPage<PrintJobRow>>.Ok(CountedPage<PrintJobRow>.Of(rows, total, CountCap));
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
                return ServiceResult<PrintJobDetail>.Fail(PrintJobTexts.JobNotFound(L));
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
}
