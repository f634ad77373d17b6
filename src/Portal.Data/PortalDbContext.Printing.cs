namespace Portal.Data;

/// <summary>Printing (issue 5): jobs with their history, receipt templates and the push callback inbox.</summary>
public partial class PortalDbContext
{
    public DbSet<PrintJob> PrintJobs => Set<PrintJob>();

    public DbSet<PrintJobEvent> PrintJobEvents => Set<PrintJobEvent>();

    public DbSet<ReceiptTemplate> ReceiptTemplates => Set<ReceiptTemplate>();

    public DbSet<PushRecord> PushRecords => Set<PushRecord>();
}
