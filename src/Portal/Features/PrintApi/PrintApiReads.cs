namespace Portal.Features.PrintApi;

/// <summary>The printers and jobs of the company an API key acts for, a page at a time.</summary>
public sealed class PrintApiReads(CallerGate gate, IDbContextFactory<PortalDbContext> dbFactory, IStringLocalizer<PrintApiReads> L)
{
    /// <summary>The company's printers, oldest connection first.</summary>
    public Task<ServiceResult<PrintApiPage<PrintApiPrinter>>> PrintersAsync(PrintApiCursor? after, int limit, CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printers = db.Printers.AsNoTracking().Where(p => p.TenantId == tenantId);
            if (after is not null)
            {
                printers = printers.Where(p => p.CreatedAt >= after.At);
            }

            var rows = await printers.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(after?.Skip ?? 0).Take(limit + 1)
                .Select(p => new PrintApiPrinter(p.Id, p.Name, p.MachineCode, PrintApiNames.Of(p.OnlineState), p.OnlineCheckedAt, PrintApiNames.Of(p.TokenState), p.CreatedAt))
                .ToListAsync(cancellationToken);
            var (page, next) = PrintApiCursor.Paginate(rows, limit, p => p.ConnectedAt, after);
            return ServiceResult<PrintApiPage<PrintApiPrinter>>.Ok(new PrintApiPage<PrintApiPrinter>(page, next));
        }, cancellationToken);

    /// <summary>The company's jobs, newest first, of one printer, in one state and created since a time when asked.</summary>
    public Task<ServiceResult<PrintApiPage<PrintApiJob>>> JobsAsync(Guid? printerId, PrintJobState? state, DateTimeOffset? since, PrintApiCursor? after, int limit,
        CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var jobs = db.PrintJobs.AsNoTracking().Where(j => j.TenantId == tenantId);
            if (printerId is { } printer)
            {
                jobs = jobs.Where(j => j.PrinterId == printer);
            }

            if (state is { } wanted)
            {
                jobs = jobs.Where(j => j.State == wanted);
            }

            if (since is { } from)
            {
                jobs = jobs.Where(j => j.CreatedAt >= from.ToUniversalTime());
            }

            if (after is not null)
            {
                jobs = jobs.Where(j => j.CreatedAt <= after.At);
            }

            var rows = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(after?.Skip ?? 0).Take(limit + 1).ToListAsync(cancellationToken);
            var (page, next) = PrintApiCursor.Paginate(rows, limit, j => j.CreatedAt, after);
            return ServiceResult<PrintApiPage<PrintApiJob>>.Ok(new PrintApiPage<PrintApiJob>([.. page.Select(Describe)], next));
        }, cancellationToken);

    /// <summary>One of the company's jobs, or null: another company's job is answered exactly as one that does not exist.</summary>
    public Task<ServiceResult<PrintApiJob?>> JobAsync(Guid jobId, CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.TenantId == tenantId && j.Id == jobId, cancellationToken);
            return ServiceResult<PrintApiJob?>.Ok(job is null ? null : Describe(job));
        }, cancellationToken);

    /// <summary>Whether the company has the printer.</summary>
    public Task<ServiceResult<bool>> HasPrinterAsync(Guid printerId, CancellationToken cancellationToken) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return ServiceResult<bool>.Ok(await db.Printers.AnyAsync(p => p.TenantId == tenantId && p.Id == printerId, cancellationToken));
        }, cancellationToken);

    private PrintApiJob Describe(PrintJob job) => new(job.Id, job.PrinterId, PrintApiNames.Of(job.Kind), PrintApiNames.Of(job.State), job.Copies, job.OriginId, job.PlatformOrderId,
        job.FailureReason is null ? null : AuditDetail.Describe(L, job.FailureReason), job.CreatedAt, job.SentAt, job.FinishedAt);
}
