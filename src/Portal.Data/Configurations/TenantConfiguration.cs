namespace Portal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.HasIndex(t => t.NormalizedName).IsUnique();
        builder.HasIndex(t => t.CreatedAt);
    }
}
