namespace Portal.UnitTests.Features.Printing;

/// <summary>Reading job rows and their events straight from the database, and the sandbox's copy of a printer's jobs.</summary>
internal static class JobTestKit
{
    public static Task<PrintJob> LoadJobAsync(this ServiceHarness harness, Guid tenantId, Guid jobId) =>
        harness.DbFactory.ReadAsync(tenantId, db => db.PrintJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));

    public static Task<List<PrintJobEvent>> JobEventsAsync(this ServiceHarness harness, Guid tenantId, Guid jobId) =>
        harness.DbFactory.ReadAsync(tenantId, db => db.PrintJobEvents.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Id).ToListAsync());

    public static Task<List<string>> AuditActionsAsync(this ServiceHarness harness, Guid tenantId) =>
        harness.DbFactory.ReadAsync(tenantId, db => db.AuditEntries.AsNoTracking().Where(a => a.TenantId == tenantId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    /// <summary>Writes a job for "Order 1" straight to the database, in the state a test needs; returns its id.</summary>
    public static async Task<Guid> AddJobAsync(this ServiceHarness harness, Guid tenantId, Guid printerId, PrintJobState state,
        DateTimeOffset createdAt, DateTimeOffset? sentAt, long? platformOrderId = null, string? failure = null)
    {
        await using var db = await harness.DbFactory.CreateForTenantAsync(tenantId);
        var printer = await db.Printers.AsNoTracking().SingleAsync(p => p.Id == printerId);
        var job = new PrintJob
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            PrinterId = printerId,
            AppId = printer.AppId,
            OriginId = Guid.NewGuid().ToString("N"),
            Content = "Order 1",
            State = state,
            FailureReason = failure,
            CreatedAt = createdAt,
            SentAt = sentAt,
            PlatformOrderId = platformOrderId,
            Version = Guid.NewGuid(),
        };
        db.PrintJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <summary>Print/index calls the sandbox received (a dropped answer still counts: the work happened).</summary>
    public static int PrintCalls(this SandboxHost sandbox) => sandbox.Journal.Entries.Count(e => e.Path.EndsWith("print/index", StringComparison.Ordinal));
}
