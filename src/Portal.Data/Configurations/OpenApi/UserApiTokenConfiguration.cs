namespace Portal.Data.Configurations.OpenApi;

internal sealed class UserApiTokenConfiguration : IEntityTypeConfiguration<UserApiToken>
{
    public void Configure(EntityTypeBuilder<UserApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.TokenHash).HasMaxLength(32);
        // Hashes of random tokens never collide in practice; the unique index makes the lookup by hash cheap.
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.UserId });
        builder.BelongsToTenant();
        builder.BelongsToUser(t => t.UserId);
    }
}
