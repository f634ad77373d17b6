namespace Portal.Features.Printing;

/// <summary>
/// What a write of the print path may do inside <see cref="PrintJobCommits"/>' shared transaction: store a new job, its
/// events and audit entries, and record a job Sent. Each is one prepared statement (<see cref="ModelStatement{T}"/>),
/// made the first time a commit needs it and reused for as long as the commit loop keeps this company's context, so a
/// batch of submissions costs one statement per row instead of SaveChanges' tracking and command building. The context
/// is bound to the commit's company, and the statements refuse another company's rows.
/// </summary>
public sealed class PrintJobWrites(PortalDbContext db) : IAsyncDisposable
{
    private ModelStatement<PrintJob>? _job;
    private ModelStatement<PrintJobEvent>? _event;
    private ModelStatement<AuditEntry>? _audit;
    private ModelStatement<PrintJob>? _sent;
    private ModelStatement<PrintJob>? _orderIdTaken;

    /// <summary>The commit's context, for the few writes with no statement of their own; it is saved before the commit.</summary>
    public PortalDbContext Db { get; } = db;

    public Task AddAsync(PrintJob job) => (_job ??= ModelStatement<PrintJob>.Insert(Db)).InsertAsync(job);

    public Task AddAsync(PrintJobEvent jobEvent) => (_event ??= ModelStatement<PrintJobEvent>.Insert(Db)).InsertAsync(jobEvent);

    public Task AddAsync(AuditEntry entry) => (_audit ??= ModelStatement<AuditEntry>.Insert(Db)).InsertAsync(entry);

    /// <summary>Records <paramref name="job"/> Sent with <paramref name="orderId"/> if it is still Queued; false if something else moved it first.</summary>
    public async Task<bool> MarkSentAsync(PrintJob job, long? orderId, DateTimeOffset at)
    {
        _sent ??= ModelStatement<PrintJob>.Update(Db,
            [nameof(PrintJob.State), nameof(PrintJob.PlatformOrderId), nameof(PrintJob.SentAt), nameof(PrintJob.Version)],
            [nameof(PrintJob.Id), nameof(PrintJob.TenantId), nameof(PrintJob.State)]);
        return await _sent.ExecuteAsync(CancellationToken.None, PrintJobState.Sent, orderId, at, Guid.NewGuid(), job.Id, job.TenantId, PrintJobState.Queued) == 1;
    }

    /// <summary>Whether <paramref name="orderId"/> is already another job's, in any company (<see cref="PlatformOrderIds"/>).</summary>
    public Task<bool> IsOrderIdTakenAsync(Guid appId, long orderId, Guid exceptJobId) =>
        PlatformOrderIds.IsTakenAsync(_orderIdTaken ??= PlatformOrderIds.Check(Db), appId, orderId, exceptJobId);

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in new IAsyncDisposable?[] { _job, _event, _audit, _sent, _orderIdTaken })
        {
            if (statement is not null)
            {
                await statement.DisposeAsync();
            }
        }
    }
}
