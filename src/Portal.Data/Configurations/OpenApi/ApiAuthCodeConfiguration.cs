namespace Portal.Data.Configurations.OpenApi;

internal sealed class ApiAuthCodeConfiguration : IEntityTypeConfiguration<ApiAuthCode>
{
    public void Configure(EntityTypeBuilder<ApiAuthCode> builder)
    {
        builder.HasIndex(c => new { c.TenantId, c.CodeHash }).IsUnique();
        builder.HasIndex(c => c.ExpiresAt);
        builder.HasIndex(c => new { c.TenantId, c.UserId, c.ApiClientId });
        builder.BelongsToTenant();
        builder.BelongsToUser(c => c.UserId);
        builder.HasOne<ApiClient>().WithMany().HasForeignKey(c => c.ApiClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
