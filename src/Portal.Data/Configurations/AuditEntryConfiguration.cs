namespace Portal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Detail).HasMaxLength(2000);
        // The audit page pages newest first inside a tenant; operators page across tenants.
        builder.HasIndex(a => new { a.TenantId, a.At, a.Id });
        builder.HasIndex(a => new { a.At, a.Id });
        builder.BelongsToTenant();
    }
}
