namespace Portal.Data.Configurations.PrintApi;

internal sealed class PrintApiKeyConfiguration : IEntityTypeConfiguration<PrintApiKey>
{
    public void Configure(EntityTypeBuilder<PrintApiKey> builder)
    {
        // Every request looks its key up by the secret's hash.
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.HasIndex(k => new { k.TenantId, k.CreatedAt });
        builder.HasOne(k => k.Tenant).WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PrintApiIdempotencyKeyConfiguration : IEntityTypeConfiguration<PrintApiIdempotencyKey>
{
    public void Configure(EntityTypeBuilder<PrintApiIdempotencyKey> builder)
    {
        // One use of a key per API key and company: the unique index settles two requests racing with the same key.
        builder.HasIndex(i => new { i.ApiKeyId, i.TenantId, i.Key }).IsUnique();
        builder.HasOne<PrintApiKey>().WithMany().HasForeignKey(i => i.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
        builder.BelongsToTenant();
    }
}
