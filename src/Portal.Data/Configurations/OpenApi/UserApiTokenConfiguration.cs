namespace Portal.Data.Configurations.OpenApi;

internal sealed class UserApiTokenConfiguration : IEntityTypeConfiguration<UserApiToken>
{
    public void Configure(EntityTypeBuilder<UserApiToken> builder)
    {
        // Hashes of random tokens never collide in practice; the unique index makes the lookup by hash cheap.
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.UserId });
        builder.BelongsToTenant();
        builder.BelongsToUser(t => t.UserId);
    }
}
