namespace Portal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.Property(t => t.CompanyName).HasMaxLength(100);
        builder.Property(t => t.NormalizedName).HasMaxLength(100);
        builder.HasIndex(t => t.NormalizedName).IsUnique();
        builder.Property(t => t.TaxNumber).HasMaxLength(32);
        builder.Property(t => t.Province).HasMaxLength(50);
        builder.Property(t => t.City).HasMaxLength(50);
        builder.Property(t => t.Zone).HasMaxLength(50);
        builder.Property(t => t.Address).HasMaxLength(200);
        builder.Property(t => t.TelPhone).HasMaxLength(32);
        builder.Property(t => t.LegalPersonName).HasMaxLength(50);
        builder.Property(t => t.LegalPersonPhone).HasMaxLength(32);
        builder.HasIndex(t => t.CreatedAt);
    }
}
