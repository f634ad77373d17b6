namespace Portal.Data.Configurations.OpenApi;

internal sealed class ProviderAccessConfiguration : IEntityTypeConfiguration<ProviderAccess>
{
    public void Configure(EntityTypeBuilder<ProviderAccess> builder)
    {
        builder.HasIndex(p => new { p.TenantId, p.UserId, p.ApiClientId }).IsUnique();
        builder.HasOne(p => p.Client).WithMany().HasForeignKey(p => p.ApiClientId).OnDelete(DeleteBehavior.Cascade);
        builder.BelongsToTenant();
        builder.BelongsToUser(p => p.UserId);
    }
}
