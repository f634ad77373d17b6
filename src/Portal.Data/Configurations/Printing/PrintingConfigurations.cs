namespace Portal.Data.Configurations.Printing;

internal sealed class PrintJobConfiguration : IEntityTypeConfiguration<PrintJob>
{
    public void Configure(EntityTypeBuilder<PrintJob> builder)
    {
        builder.Property(j => j.OriginId).HasMaxLength(32);
        // The platform accepts up to 32 767 characters (the copies tag included); the row keeps the receipt as written.
        builder.Property(j => j.Content).HasMaxLength(32_767);
        builder.Property(j => j.FailureReason).HasMaxLength(500);
        builder.Property(j => j.CreatedByName).HasMaxLength(256);
        builder.Property(j => j.Version).IsConcurrencyToken();
        // The platform's idempotency key: one origin id per app, ever.
        builder.HasIndex(j => new { j.AppId, j.OriginId }).IsUnique();
        // Pushes name the app's order id.
        builder.HasIndex(j => new { j.AppId, j.PlatformOrderId });
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
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Content).HasMaxLength(20_000);
        builder.Property(t => t.PaperWidth).HasMaxLength(4);
        builder.Property(t => t.UpdatedByName).HasMaxLength(256);
        builder.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        builder.BelongsToTenant();
    }
}

internal sealed class PushRecordConfiguration : IEntityTypeConfiguration<PushRecord>
{
    public void Configure(EntityTypeBuilder<PushRecord> builder)
    {
        builder.Property(p => p.Command).HasMaxLength(32);
        builder.Property(p => p.ClientId).HasMaxLength(64);
        builder.Property(p => p.MachineCode).HasMaxLength(64);
        builder.Property(p => p.DedupeKey).HasMaxLength(200);
        builder.Property(p => p.Fields).HasMaxLength(4000);
        builder.Property(p => p.Detail).HasMaxLength(500);
        // A duplicate delivery loses the insert race on this index, so it is recorded once and applied once.
        builder.HasIndex(p => p.DedupeKey).IsUnique();
        builder.HasIndex(p => p.ReceivedAt);
        builder.HasIndex(p => new { p.TenantId, p.ReceivedAt });
        builder.HasIndex(p => new { p.PrinterId, p.ReceivedAt });
    }
}
