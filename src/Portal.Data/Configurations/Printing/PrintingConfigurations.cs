namespace Portal.Data.Configurations.Printing;

internal sealed class PrintJobConfiguration : IEntityTypeConfiguration<PrintJob>
{
    public void Configure(EntityTypeBuilder<PrintJob> builder)
    {
        builder.Property(j => j.Version).IsConcurrencyToken();
        // The platform's idempotency key: one origin id per app, ever.
        builder.HasIndex(j => new { j.AppId, j.OriginId }).IsUnique();
        // The platform numbers orders per app (client id): one job per order id, so a report can never reach two jobs.
        builder.HasIndex(j => new { j.AppId, j.PlatformOrderId }).IsUnique();
        // The history grid pages newest first inside one tenant, optionally for one printer or state.
        builder.HasIndex(j => new { j.TenantId, j.CreatedAt, j.Id });
        builder.HasIndex(j => new { j.TenantId, j.PrinterId, j.CreatedAt });
        builder.HasIndex(j => new { j.TenantId, j.State, j.CreatedAt });
        // The poller looks for sent jobs whose push is overdue.
        builder.HasIndex(j => new { j.State, j.SentAt });
        builder.HasOne<Printer>().WithMany().HasForeignKey(j => j.PrinterId).OnDelete(DeleteBehavior.Cascade);
        builder.BelongsToTenant();
    }
}

internal sealed class PrintJobEventConfiguration : IEntityTypeConfiguration<PrintJobEvent>
{
    public void Configure(EntityTypeBuilder<PrintJobEvent> builder)
    {
        builder.IsEventOf<PrintJobEvent, PrintJob>(e => e.JobId);
    }
}

internal sealed class ReceiptTemplateConfiguration : IEntityTypeConfiguration<ReceiptTemplate>
{
    public void Configure(EntityTypeBuilder<ReceiptTemplate> builder)
    {
        builder.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        builder.BelongsToTenant();
    }
}

internal sealed class PushRecordConfiguration : IEntityTypeConfiguration<PushRecord>
{
    public void Configure(EntityTypeBuilder<PushRecord> builder)
    {
        // A duplicate delivery loses the insert race on this index, so it is recorded once and applied once.
        builder.HasIndex(p => p.DedupeKey).IsUnique();
        builder.HasIndex(p => p.ReceivedAt);
        builder.HasIndex(p => new { p.TenantId, p.ReceivedAt });
        builder.HasIndex(p => new { p.PrinterId, p.ReceivedAt });
    }
}
